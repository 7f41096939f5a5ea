//! Real AES-256-GCM, from RustCrypto's `aes-gcm`, and the world's one source of randomness.
//!
//! Every failure a user sees (a purged key, a restore in another geography, a wrong version) comes
//! from [`SymKey::open`] returning [`DecryptFailed`], never from a flag that says "this fails".
//! Nonces come from the seeded generator, so they never repeat under one key within a world and
//! are identical across runs with the same seed.

use std::collections::HashMap;
use std::sync::Arc;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

/// Length of an AES-GCM nonce in bytes.
pub const NONCE_LEN: usize = 12;

/// The world's seeded random generator (ChaCha20). Cloning it forks the stream, which is what a
/// what-if preview wants: the fork sees the same future as the original.
#[derive(Debug, Clone)]
pub struct SimRng(ChaCha20Rng);

impl SimRng {
    pub fn from_seed(seed: u64) -> Self {
        SimRng(ChaCha20Rng::seed_from_u64(seed))
    }

    pub fn fill(&mut self, out: &mut [u8]) {
        self.0.fill_bytes(out);
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A fresh 256-bit key.
    pub fn key(&mut self) -> SymKey {
        let mut k = [0u8; 32];
        self.fill(&mut k);
        SymKey(k)
    }

    /// `n` random bytes as lowercase hex: version ids, GUID-like names.
    pub fn hex(&mut self, n: usize) -> String {
        let mut bytes = vec![0u8; n];
        self.fill(&mut bytes);
        crate::codec::hex(&bytes)
    }
}

/// The one opaque failure of authenticated decryption: wrong key, wrong associated data or a
/// tampered ciphertext look the same, as `aead::Error` intends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecryptFailed;

impl std::fmt::Display for DecryptFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("authenticated decryption failed")
    }
}

impl std::error::Error for DecryptFailed {}

/// A 256-bit symmetric key: a volume key (BEK), KEK material, an HSM root.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SymKey(pub [u8; 32]);

impl std::fmt::Debug for SymKey {
    // Key material never reaches logs, not even debug output.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SymKey(***)")
    }
}

impl SymKey {
    /// Encrypts `plaintext` bound to `aad`; the output is `nonce || ciphertext || tag`.
    pub fn seal(&self, rng: &mut SimRng, aad: &[u8], plaintext: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; NONCE_LEN];
        rng.fill(&mut nonce);
        self.seal_with_nonce(&nonce, aad, plaintext)
    }

    fn seal_with_nonce(&self, nonce: &[u8; NONCE_LEN], aad: &[u8], plaintext: &[u8]) -> Vec<u8> {
        let cipher = Aes256Gcm::new(&self.0.into());
        let sealed = cipher
            .encrypt(
                &Nonce::from(*nonce),
                Payload {
                    msg: plaintext,
                    aad,
                },
            )
            // Encryption fails only for messages longer than GCM's 64 GiB limit; ours are bytes.
            .unwrap_or_default();
        let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
        out.extend_from_slice(nonce);
        out.extend_from_slice(&sealed);
        out
    }

    /// Reverses [`SymKey::seal`]. Fails on a wrong key, wrong `aad` or any flipped bit.
    pub fn open(&self, aad: &[u8], sealed: &[u8]) -> Result<Vec<u8>, DecryptFailed> {
        if sealed.len() < NONCE_LEN {
            return Err(DecryptFailed);
        }
        let (nonce, body) = sealed.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| DecryptFailed)?;
        let cipher = Aes256Gcm::new(&self.0.into());
        cipher
            .decrypt(&Nonce::from(nonce), Payload { msg: body, aad })
            .map_err(|_| DecryptFailed)
    }

    /// Wraps another key under this one (the KEK wrapping a BEK).
    pub fn wrap(&self, rng: &mut SimRng, aad: &[u8], key: &SymKey) -> Vec<u8> {
        self.seal(rng, aad, &key.0)
    }

    /// Unwraps a key wrapped by [`SymKey::wrap`].
    pub fn unwrap_key(&self, aad: &[u8], wrapped: &[u8]) -> Result<SymKey, DecryptFailed> {
        SymKey::from_opened(self.open(aad, wrapped)?)
    }

    /// The key a wrapped key opened to (see [`SymKey::unwrap_key`]).
    pub(crate) fn from_opened(bytes: Vec<u8>) -> Result<SymKey, DecryptFailed> {
        let arr: [u8; 32] = bytes.try_into().map_err(|_| DecryptFailed)?;
        Ok(SymKey(arr))
    }
}

/// Results of [`SymKey::open`], for a caller that opens the same blobs again and again (the
/// what-if matrix opens the same wrapped keys and disk sectors for many commands). Opening is a
/// pure function of the key, the associated data and the sealed bytes (the nonce travels in
/// them), so an entry keyed by exactly those gives exactly what opening again would: the same
/// plaintext or the same failure. The memo is a plain value; whoever holds it decides when to
/// consult it.
#[derive(Debug, Default)]
pub(crate) struct OpenMemo {
    /// By a fast hash of the inputs; each entry is then compared in full, so a collision costs
    /// a comparison, never a wrong result.
    entries: HashMap<u64, Vec<Opened>>,
}

#[derive(Debug)]
struct Opened {
    key: [u8; 32],
    aad: Vec<u8>,
    sealed: Vec<u8>,
    out: Result<Vec<u8>, DecryptFailed>,
}

impl OpenMemo {
    /// What `key.open(aad, sealed)` gives, opened once and remembered.
    pub(crate) fn open(
        &mut self,
        key: &SymKey,
        aad: &[u8],
        sealed: &[u8],
    ) -> Result<Vec<u8>, DecryptFailed> {
        let mut h = FxHasher(0);
        h.write(&key.0);
        h.write(aad);
        h.write(sealed);
        let list = self.entries.entry(h.finish()).or_default();
        if let Some(e) = list
            .iter()
            .find(|e| e.key == key.0 && e.aad == aad && e.sealed == sealed)
        {
            return e.out.clone();
        }
        let out = key.open(aad, sealed);
        list.push(Opened {
            key: key.0,
            aad: aad.to_vec(),
            sealed: sealed.to_vec(),
            out: out.clone(),
        });
        out
    }
}

/// A fast, non-cryptographic hash (FxHash's mixing step) to find candidate memo entries.
struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(w));
        self.add(bytes.len() as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Bytes in one simulated sector.
pub const SECTOR_LEN: usize = 64;

/// A disk whose sectors are each sealed under the volume key, with the sector index as
/// associated data so sectors cannot be swapped unnoticed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disk {
    pub name: String,
    /// Shared between clones: health and what-if fork the world many times per report, and a
    /// sector changes only when the disk is written (`Arc::make_mut` copies then).
    sectors: Arc<Vec<Vec<u8>>>,
}

impl Disk {
    /// Splits `data` into sectors and seals each under `volume_key`.
    pub fn encrypt(name: &str, rng: &mut SimRng, volume_key: &SymKey, data: &[u8]) -> Disk {
        let sectors = data
            .chunks(SECTOR_LEN)
            .enumerate()
            .map(|(i, chunk)| volume_key.seal(rng, &sector_aad(i), chunk))
            .collect();
        Disk {
            name: name.to_owned(),
            sectors: Arc::new(sectors),
        }
    }

    /// Decrypts every sector; fails if any sector does not open under `volume_key`.
    pub fn decrypt(&self, volume_key: &SymKey) -> Result<Vec<u8>, DecryptFailed> {
        self.decrypt_with(|aad, sealed| volume_key.open(aad, sealed))
    }

    /// [`Disk::decrypt`] with `open(aad, sealed)` opening each sector under the volume key.
    pub(crate) fn decrypt_with(
        &self,
        mut open: impl FnMut(&[u8], &[u8]) -> Result<Vec<u8>, DecryptFailed>,
    ) -> Result<Vec<u8>, DecryptFailed> {
        let mut out = Vec::new();
        for (i, s) in self.sectors.iter().enumerate() {
            out.extend(open(&sector_aad(i), s)?);
        }
        Ok(out)
    }

    pub fn sectors(&self) -> &[Vec<u8>] {
        &self.sectors
    }

    /// Flips one bit of one sector: a tamper for tests and demos.
    pub fn tamper(&mut self, sector: usize, byte: usize) {
        if let Some(b) = Arc::make_mut(&mut self.sectors)
            .get_mut(sector)
            .and_then(|s| s.get_mut(byte))
        {
            *b ^= 1;
        }
    }
}

fn sector_aad(index: usize) -> [u8; 8] {
    (index as u64).to_be_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("test vector is hex"))
            .collect()
    }

    /// NIST SP 800-38D / McGrew-Viega GCM test case 16 (AES-256, 60-byte plaintext, 20-byte AAD).
    #[test]
    fn nist_gcm_test_case_16() {
        let key: [u8; 32] =
            unhex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308")
                .try_into()
                .expect("32 bytes");
        let nonce: [u8; 12] = unhex("cafebabefacedbaddecaf888")
            .try_into()
            .expect("12 bytes");
        let pt = unhex(
            "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
        );
        let aad = unhex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        let expected_ct = unhex(
            "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
        );
        let expected_tag = unhex("76fc6ece0f4e1768cddf8853bb2d551b");

        let k = SymKey(key);
        let sealed = k.seal_with_nonce(&nonce, &aad, &pt);
        assert_eq!(&sealed[..12], &nonce);
        assert_eq!(&sealed[12..12 + pt.len()], expected_ct.as_slice());
        assert_eq!(&sealed[12 + pt.len()..], expected_tag.as_slice());
        assert_eq!(k.open(&aad, &sealed).expect("opens"), pt);
    }

    /// NIST GCM test case 13: AES-256, empty plaintext, zero key and nonce.
    #[test]
    fn nist_gcm_test_case_13() {
        let k = SymKey([0u8; 32]);
        let sealed = k.seal_with_nonce(&[0u8; 12], &[], &[]);
        assert_eq!(
            &sealed[12..],
            unhex("530f8afbc74536b9a963b4f1c4cb738b").as_slice()
        );
    }

    #[test]
    fn tampered_ciphertext_fails() {
        let mut rng = SimRng::from_seed(7);
        let k = rng.key();
        let mut sealed = k.seal(&mut rng, b"aad", b"payroll");
        for i in 0..sealed.len() {
            sealed[i] ^= 0x80;
            assert_eq!(
                k.open(b"aad", &sealed),
                Err(DecryptFailed),
                "flip at byte {i}"
            );
            sealed[i] ^= 0x80;
        }
        assert_eq!(
            k.open(b"aad", &sealed).expect("untouched opens"),
            b"payroll"
        );
        assert_eq!(k.open(b"other", &sealed), Err(DecryptFailed));
    }

    #[test]
    fn wrong_key_fails_and_unwrap_round_trips() {
        let mut rng = SimRng::from_seed(1);
        let kek = rng.key();
        let bek = rng.key();
        let wrapped = kek.wrap(&mut rng, b"kek/1", &bek);
        assert_eq!(kek.unwrap_key(b"kek/1", &wrapped).expect("unwraps"), bek);
        let other = rng.key();
        assert_eq!(other.unwrap_key(b"kek/1", &wrapped), Err(DecryptFailed));
    }

    #[test]
    fn open_memo_gives_what_open_gives() {
        let mut rng = SimRng::from_seed(3);
        let k = rng.key();
        let sealed = k.seal(&mut rng, b"aad", b"payroll");
        let mut tampered = sealed.clone();
        tampered[14] ^= 1;
        let mut memo = OpenMemo::default();
        for _ in 0..2 {
            for (aad, s) in [
                (&b"aad"[..], &sealed),
                (b"other", &sealed),
                (b"aad", &tampered),
            ] {
                assert_eq!(memo.open(&k, aad, s), k.open(aad, s));
            }
            assert_eq!(memo.open(&rng.key(), b"aad", &sealed), Err(DecryptFailed));
        }
    }

    #[test]
    fn disk_round_trip_is_deterministic_and_detects_tamper() {
        let data = b"alice,42000\nbob,39000\ncarol,51000\n".repeat(4);
        let make = || {
            let mut rng = SimRng::from_seed(42);
            let bek = rng.key();
            (Disk::encrypt("vm1-os", &mut rng, &bek, &data), bek)
        };
        let (disk, bek) = make();
        let (again, _) = make();
        assert_eq!(disk, again, "same seed, same ciphertext");
        assert_eq!(disk.decrypt(&bek).expect("decrypts"), data);
        assert!(
            disk.sectors()
                .iter()
                .all(|s| !s.windows(5).any(|w| w == b"alice"))
        );
        let mut bad = disk.clone();
        bad.tamper(1, 20);
        assert_eq!(bad.decrypt(&bek), Err(DecryptFailed));
    }
}
