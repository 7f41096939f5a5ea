//! A tiny length-prefixed byte encoding for what the world seals: backup blobs, protected BEK
//! copies and a disk's file table. Hand-written so the core needs no serialization format crate.

/// Appends fields to a byte buffer.
#[derive(Debug, Default)]
pub(crate) struct Enc(Vec<u8>);

impl Enc {
    pub(crate) fn new() -> Enc {
        Enc(Vec::new())
    }
    pub(crate) fn u64(&mut self, v: u64) -> &mut Enc {
        self.0.extend_from_slice(&v.to_be_bytes());
        self
    }
    pub(crate) fn bytes(&mut self, b: &[u8]) -> &mut Enc {
        self.u64(b.len() as u64);
        self.0.extend_from_slice(b);
        self
    }
    pub(crate) fn str(&mut self, s: &str) -> &mut Enc {
        self.bytes(s.as_bytes())
    }
    pub(crate) fn opt_u64(&mut self, v: Option<u64>) -> &mut Enc {
        match v {
            Some(x) => self.u64(1).u64(x),
            None => self.u64(0),
        }
    }
    pub(crate) fn opt_str(&mut self, v: Option<&str>) -> &mut Enc {
        match v {
            Some(x) => self.u64(1).str(x),
            None => self.u64(0),
        }
    }
    pub(crate) fn finish(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.0)
    }
}

/// Reads fields back; every getter returns `None` on truncated or malformed input.
#[derive(Debug)]
pub(crate) struct Dec<'a>(&'a [u8]);

impl<'a> Dec<'a> {
    pub(crate) fn new(b: &'a [u8]) -> Dec<'a> {
        Dec(b)
    }
    pub(crate) fn u64(&mut self) -> Option<u64> {
        let (head, rest) = self.0.split_at_checked(8)?;
        self.0 = rest;
        Some(u64::from_be_bytes(head.try_into().ok()?))
    }
    pub(crate) fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = usize::try_from(self.u64()?).ok()?;
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }
    pub(crate) fn str(&mut self) -> Option<String> {
        String::from_utf8(self.bytes()?.to_vec()).ok()
    }
    pub(crate) fn opt_u64(&mut self) -> Option<Option<u64>> {
        match self.u64()? {
            0 => Some(None),
            _ => Some(Some(self.u64()?)),
        }
    }
    pub(crate) fn opt_str(&mut self) -> Option<Option<String>> {
        match self.u64()? {
            0 => Some(None),
            _ => Some(Some(self.str()?)),
        }
    }
}

/// Lowercase hex, how wrapped BEKs are stored as secret values.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Parses lowercase or uppercase hex; `None` if the text is not hex.
pub(crate) fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    // Byte by byte, as `u8::from_str_radix` reads each pair: two hex digits, or a `+` and one.
    // Any other byte (a non-ASCII one included) makes the pair, and so the whole, invalid.
    let digit = |b: u8| (b as char).to_digit(16).and_then(|d| u8::try_from(d).ok());
    s.as_bytes()
        .chunks_exact(2)
        .map(|p| match (p[0], digit(p[1])) {
            (b'+', Some(lo)) => Some(lo),
            (hi, Some(lo)) => Some(digit(hi)? * 16 + lo),
            (_, None) => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_truncation() {
        let b = Enc::new()
            .u64(7)
            .str("kek")
            .opt_u64(None)
            .opt_str(Some("x"))
            .finish();
        let mut d = Dec::new(&b);
        assert_eq!(d.u64(), Some(7));
        assert_eq!(d.str().as_deref(), Some("kek"));
        assert_eq!(d.opt_u64(), Some(None));
        assert_eq!(d.opt_str(), Some(Some("x".into())));
        assert_eq!(Dec::new(&b[..10]).str(), None);
        assert_eq!(unhex(&hex(&[0, 255, 16])), Some(vec![0, 255, 16]));
        assert_eq!(unhex("zz"), None);
    }

    #[test]
    fn unhex_reads_pairs_as_from_str_radix_does() {
        let reference = |s: &str| -> Option<Vec<u8>> {
            if !s.len().is_multiple_of(2) {
                return None;
            }
            (0..s.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
                .collect()
        };
        for a in 0..128u8 {
            for b in 0..128u8 {
                let s = String::from_utf8(vec![a, b]).expect("ascii");
                assert_eq!(unhex(&s), reference(&s), "{s:?}");
                let s4 = format!("0f{s}");
                assert_eq!(unhex(&s4), reference(&s4), "{s4:?}");
            }
        }
        for s in [
            "é", "éé", "aé", "éa0", "+-", "-1", "+f", "++", "", "A0ff", "0x",
        ] {
            assert_eq!(unhex(s), reference(s), "{s:?}");
        }
    }
}
