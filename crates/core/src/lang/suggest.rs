//! "Did you mean ...?": the closest valid word to a near miss.

/// Words longer than this get no suggestion: nobody mistypes a 65-character flag, and the edit
/// distance is quadratic in the length, so a pasted megabyte must not reach it.
const MAX_LEN: usize = 64;

/// How similar (normalized Damerau-Levenshtein, 1.0 = equal) a typo must be to its suggestion.
/// 0.6 accepts one slip in a five-letter word (`delte`, `purg`, `ture`) and rejects unrelated
/// words of the same length.
const THRESHOLD: f64 = 0.6;

/// The candidate closest to `typed`, if it is close enough to be what the user meant.
///
/// Comparison ignores ASCII case, so `KeyVault` suggests `keyvault` and `wrapkeyy` suggests
/// `wrapKey`. A unique candidate that starts with what was typed (`--vault` for `--vault-name`)
/// wins even when the edit distance is large, because a truncated word is the commonest slip.
pub(crate) fn closest<'a>(
    typed: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // The search itself is not generic: one copy in the wasm, not one per caller's iterator.
    let candidates: Vec<&str> = candidates.into_iter().collect();
    closest_in(typed, &candidates)
}

fn closest_in<'a>(typed: &str, candidates: &[&'a str]) -> Option<&'a str> {
    if typed.is_empty() || typed.chars().count() > MAX_LEN {
        return None;
    }
    let typed = typed.to_ascii_lowercase();

    if typed.trim_start_matches('-').chars().count() >= 2 {
        let mut prefixed = candidates
            .iter()
            .filter(|c| c.to_ascii_lowercase().starts_with(&typed));
        if let (Some(only), None) = (prefixed.next(), prefixed.next()) {
            return Some(*only);
        }
    }

    let mut best: Option<(&str, f64)> = None;
    for &candidate in candidates {
        let score = strsim::normalized_damerau_levenshtein(&typed, &candidate.to_ascii_lowercase());
        if best.is_none_or(|(_, s)| score > s) {
            best = Some((candidate, score));
        }
    }
    best.filter(|&(_, score)| score >= THRESHOLD)
        .map(|(candidate, _)| candidate)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn near_misses_find_their_word() {
        let verbs = ["create", "delete", "purge", "recover", "rotate", "show"];
        assert_eq!(closest("delte", verbs), Some("delete"));
        assert_eq!(closest("purg", verbs), Some("purge"));
        assert_eq!(closest("Creat", verbs), Some("create"));
        assert_eq!(closest("explode", verbs), None);
        assert_eq!(closest("", verbs), None);
    }

    #[test]
    fn a_unique_prefix_wins() {
        let flags = ["--vault-name", "--name", "--version"];
        assert_eq!(closest("--vault", flags), Some("--vault-name"));
        assert_eq!(closest("--vault-nme", flags), Some("--vault-name"));
    }

    #[test]
    fn huge_words_are_not_compared() {
        let long = "a".repeat(10_000);
        assert_eq!(closest(&long, ["a"]), None);
    }
}
