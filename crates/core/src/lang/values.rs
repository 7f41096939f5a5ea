//! The typed values of the language: their spellings, how to read them and how to write them.
//!
//! Reading and writing live side by side so the printer cannot drift from the parser.

use crate::command::VersionRef;
use crate::time::{Date, SimDuration};
use crate::vocab::ObjectKind;

/// Boolean spellings, in the order of [`BOOL_NAMES`]. az also takes `yes`/`no`/`1`/`0` in places;
/// Keyfall keeps to one pair so scripts read the same everywhere.
pub(crate) const BOOLS: &[bool] = &[true, false];
pub(crate) const BOOL_NAMES: &[&str] = &["true", "false"];

/// `@N` (N from 1) is an ordinal; anything else, or anything quoted, is a version id or prefix.
/// Returns `None` for a malformed ordinal (`@0`, `@x`).
pub(crate) fn version(text: &str, quoted: bool) -> Option<VersionRef> {
    match text.strip_prefix('@') {
        Some(n) if !quoted => {
            // `parse` would also take `+3`; an ordinal is plain digits.
            if !n.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            n.parse().ok().filter(|&n| n >= 1).map(VersionRef::Ordinal)
        }
        _ => Some(VersionRef::Id(text.to_owned())),
    }
}

/// A date as az's `datetime_type` reads it (`YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SSZ`,
/// `YYYY-MM-DDTHH:MMZ`, `YYYY-MM-DDTHHZ`; azure-cli keyvault `_validators.py`), to the day:
/// Keyfall's dates have no time of day, so only midnight is taken.
pub(crate) fn date_time(text: &str) -> Option<Date> {
    let (day, time) = match text.split_once('T') {
        Some((day, time)) => (day, Some(time)),
        None => (text, None),
    };
    let d = date(day)?;
    match time {
        None | Some("00:00:00Z" | "00:00Z" | "00Z") => Some(d),
        Some(_) => None,
    }
}

/// A calendar date as `YYYY-MM-DD`, checked against the calendar.
pub(crate) fn date(text: &str) -> Option<Date> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<u16> {
        let part = text.get(range)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let year = num(0..4)?;
    let month = u8::try_from(num(5..7)?).ok()?;
    let day = u8::try_from(num(8..10)?).ok()?;
    (year >= 1 && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
        .then_some(Date { year, month, day })
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Writes a date as `YYYY-MM-DD`.
pub(crate) fn date_text(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
}

/// Duration units, largest first, with their length in seconds.
const UNITS: &[(char, u64)] = &[('d', 86_400), ('h', 3_600), ('m', 60), ('s', 1)];

/// A duration such as `30d`, `6h`, `15m` or `1d12h`: numbers with units, largest unit first,
/// each unit at most once.
pub(crate) fn duration(text: &str) -> Option<SimDuration> {
    let mut rest = text;
    let mut total: u64 = 0;
    // Index into UNITS of the next unit allowed, so units go strictly from large to small.
    let mut next_unit = 0;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let n: u64 = rest[..digits].parse().ok()?;
        let unit = rest[digits..].chars().next()?;
        let i = UNITS[next_unit..].iter().position(|&(u, _)| u == unit)? + next_unit;
        total = total.checked_add(n.checked_mul(UNITS[i].1)?)?;
        next_unit = i + 1;
        rest = &rest[digits + unit.len_utf8()..];
    }
    Some(SimDuration(total))
}

/// Writes a duration in its shortest form, largest unit first (`1d12h`); zero is `0s`.
pub(crate) fn duration_text(d: SimDuration) -> String {
    let mut rest = d.secs();
    if rest == 0 {
        return "0s".to_owned();
    }
    let mut out = String::new();
    for &(unit, secs) in UNITS {
        let n = rest / secs;
        if n > 0 {
            out.push_str(&n.to_string());
            out.push(unit);
            rest -= n * secs;
        }
    }
    out
}

/// The host suffix of Key Vault URLs in the public cloud.
const VAULT_HOST: &str = ".vault.azure.net";

/// A key URL, `https://VAULT.vault.azure.net/keys/NAME[/VERSION]`, as (vault, key, version).
pub(crate) fn key_url(text: &str) -> Option<(&str, &str, Option<&str>)> {
    object_url(text, "keys")
}

/// An object identifier, `https://VAULT.vault.azure.net/COLLECTION/NAME[/VERSION]` (`keys`,
/// `secrets`, `deletedkeys`, `deletedsecrets`), as (vault, name, version).
pub(crate) fn object_url<'a>(
    text: &'a str,
    collection: &str,
) -> Option<(&'a str, &'a str, Option<&'a str>)> {
    let rest = text
        .get(..8)
        .filter(|s| s.eq_ignore_ascii_case("https://"))
        .map(|_| &text[8..])?;
    let (host, path) = rest.split_once('/')?;
    let vault = host
        .len()
        .checked_sub(VAULT_HOST.len())
        .filter(|&at| host.is_char_boundary(at) && host[at..].eq_ignore_ascii_case(VAULT_HOST))
        .map(|at| &host[..at])
        .filter(|v| !v.is_empty())?;
    let path = path.strip_suffix('/').unwrap_or(path);
    let mut parts = path.split('/');
    if !parts
        .next()
        .is_some_and(|c| c.eq_ignore_ascii_case(collection))
    {
        return None;
    }
    let key = parts.next().filter(|k| !k.is_empty())?;
    let version = parts.next();
    if version == Some("") || parts.next().is_some() {
        return None;
    }
    Some((vault, key, version))
}

/// Builds the key URL `key_url` reads, its version segment as [`version`] reads it.
pub(crate) fn key_url_text(vault: &str, key: &str, version: Option<&VersionRef>) -> String {
    match version {
        Some(VersionRef::Id(v)) => format!("https://{vault}{VAULT_HOST}/keys/{key}/{v}"),
        Some(VersionRef::Ordinal(n)) => format!("https://{vault}{VAULT_HOST}/keys/{key}/@{n}"),
        None => format!("https://{vault}{VAULT_HOST}/keys/{key}"),
    }
}

/// What an ARM id names, as a role assignment's `--scope` or a vault's `--id` writes it: a
/// subscription, a resource group, a key vault, or a key or secret in one. Only its shape: that
/// the resource exists is for the world to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ArmId<'a> {
    Subscription(&'a str),
    ResourceGroup {
        subscription: &'a str,
        group: &'a str,
    },
    Vault {
        subscription: &'a str,
        group: &'a str,
        vault: &'a str,
        object: Option<(ObjectKind, &'a str)>,
    },
}

/// Why a text is no [`ArmId`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ArmIdError {
    /// It does not start with `/subscriptions/ID`.
    NoSubscription,
    /// It starts so, but names nothing Keyfall has a kind for.
    Unknown,
}

/// Reads an ARM id: `/subscriptions/S`, `.../resourceGroups/G`,
/// `.../providers/Microsoft.KeyVault/vaults/V`, `.../vaults/V/keys/K` or `.../secrets/N`, with
/// trailing slashes ignored. Segment names are matched as ARM does, ignoring case.
pub(crate) fn arm_id(text: &str) -> Result<ArmId<'_>, ArmIdError> {
    let parts: Vec<&str> = text.trim_end_matches('/').split('/').skip(1).collect();
    let is = |i: usize, word: &str| parts.get(i).is_some_and(|p| p.eq_ignore_ascii_case(word));
    if !text.starts_with('/') || !is(0, "subscriptions") || parts.len() < 2 {
        return Err(ArmIdError::NoSubscription);
    }
    let subscription = parts[1];
    if parts.len() == 2 {
        return Ok(ArmId::Subscription(subscription));
    }
    if !is(2, "resourceGroups") || parts.len() < 4 {
        return Err(ArmIdError::Unknown);
    }
    let group = parts[3];
    if parts.len() == 4 {
        return Ok(ArmId::ResourceGroup {
            subscription,
            group,
        });
    }
    let vault_path = is(4, "providers") && is(5, "Microsoft.KeyVault") && is(6, "vaults");
    if !vault_path || parts.len() < 8 {
        return Err(ArmIdError::Unknown);
    }
    let object = match &parts[8..] {
        [] => None,
        [kind, name] => {
            let kind = match kind.to_ascii_lowercase().as_str() {
                "keys" => ObjectKind::Key,
                "secrets" => ObjectKind::Secret,
                _ => return Err(ArmIdError::Unknown),
            };
            Some((kind, *name))
        }
        _ => return Err(ArmIdError::Unknown),
    };
    Ok(ArmId::Vault {
        subscription,
        group,
        vault: parts[7],
        object,
    })
}

/// A key vault's Resource Manager id,
/// `/subscriptions/SUB/resourceGroups/RG/providers/Microsoft.KeyVault/vaults/NAME`, as
/// (subscription, resource group, name): an [`ArmId`] of a vault itself, written out to the
/// last segment (no trailing slash) with no segment empty.
pub(crate) fn vault_id(text: &str) -> Option<(&str, &str, &str)> {
    match arm_id(text).ok()? {
        ArmId::Vault {
            subscription,
            group,
            vault,
            object: None,
        } if !text.ends_with('/') && ![subscription, group, vault].contains(&"") => {
            Some((subscription, group, vault))
        }
        _ => None,
    }
}

/// A Resource Manager id: `/subscriptions/S/resourceGroups/G/providers/{kind}/{name}`, with
/// `kind` a provider and type (`Microsoft.Compute/virtualMachines`). The one place ids are built.
pub(crate) fn resource_id(
    subscription: &str,
    resource_group: &str,
    kind: &str,
    name: &str,
) -> String {
    format!("/subscriptions/{subscription}/resourceGroups/{resource_group}/providers/{kind}/{name}")
}

/// Builds the vault id `vault_id` reads.
pub(crate) fn vault_id_text(subscription: &str, resource_group: &str, name: &str) -> String {
    resource_id(
        subscription,
        resource_group,
        "Microsoft.KeyVault/vaults",
        name,
    )
}

impl std::fmt::Display for SimDuration {
    /// The shortest form the parser reads back (`1d12h`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&duration_text(*self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_and_write() {
        assert_eq!(duration("30d"), Some(SimDuration::days(30)));
        assert_eq!(duration("6h"), Some(SimDuration::hours(6)));
        assert_eq!(duration("15m"), Some(SimDuration(900)));
        assert_eq!(duration("1d12h"), Some(SimDuration::hours(36)));
        assert_eq!(duration("1d12h30m5s"), Some(SimDuration(131_405)));
        for bad in [
            "",
            "d",
            "30",
            "30x",
            "1h1d",
            "1d1d",
            "-1d",
            "1.5d",
            "99999999999999999999d",
        ] {
            assert_eq!(duration(bad), None, "{bad}");
        }
        assert_eq!(duration_text(SimDuration::hours(36)), "1d12h");
        assert_eq!(duration_text(SimDuration(0)), "0s");
        assert_eq!(
            duration(&duration_text(SimDuration(u64::MAX))),
            Some(SimDuration(u64::MAX))
        );
    }

    #[test]
    fn dates_follow_the_calendar() {
        assert_eq!(
            date("2027-01-01"),
            Some(Date {
                year: 2027,
                month: 1,
                day: 1
            })
        );
        assert_eq!(date("2028-02-29").map(|d| d.day), Some(29));
        for bad in [
            "2027-02-29",
            "2027-13-01",
            "2027-00-10",
            "2027-1-1",
            "27-01-01",
            "2027-01-01x",
            "+027-01-01",
            "2100-02-29",
        ] {
            assert_eq!(date(bad), None, "{bad}");
        }
    }

    #[test]
    fn versions_distinguish_ordinals() {
        assert_eq!(version("@3", false), Some(VersionRef::Ordinal(3)));
        assert_eq!(version("@3", true), Some(VersionRef::Id("@3".into())));
        assert_eq!(version("3f2a", false), Some(VersionRef::Id("3f2a".into())));
        assert_eq!(version("@0", false), None);
        assert_eq!(version("@+1", false), None);
        assert_eq!(version("@99999999999", false), None);
    }

    #[test]
    fn key_urls_split_into_vault_key_and_version() {
        assert_eq!(
            key_url("https://kv.vault.azure.net/keys/kek"),
            Some(("kv", "kek", None))
        );
        assert_eq!(
            key_url("https://kv.vault.azure.net/keys/kek/abc/"),
            Some(("kv", "kek", Some("abc")))
        );
        for bad in [
            "http://kv.vault.azure.net/keys/kek",
            "https://kv.example.com/keys/kek",
            "https://.vault.azure.net/keys/kek",
            "https://kv.vault.azure.net/secrets/kek",
            "https://kv.vault.azure.net/keys/",
            "https://kv.vault.azure.net/keys/a/b/c",
            "https://é",
        ] {
            assert_eq!(key_url(bad), None, "{bad}");
        }
        assert_eq!(
            key_url_text("kv", "kek", Some(&VersionRef::Id("abc".into()))),
            "https://kv.vault.azure.net/keys/kek/abc"
        );
        assert_eq!(
            key_url_text("kv", "kek", Some(&VersionRef::Ordinal(2))),
            "https://kv.vault.azure.net/keys/kek/@2"
        );
    }

    #[test]
    fn vault_ids_split_into_subscription_group_and_name() {
        let id = "/subscriptions/sub2/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv";
        assert_eq!(vault_id(id), Some(("sub2", "rg", "kv")));
        assert_eq!(vault_id_text("sub2", "rg", "kv"), id);
        assert_eq!(
            vault_id("/SUBSCRIPTIONS/s/resourcegroups/r/providers/microsoft.keyvault/VAULTS/v"),
            Some(("s", "r", "v"))
        );
        for bad in [
            "kv",
            "/subscriptions/s/resourceGroups/r/providers/Microsoft.Compute/virtualMachines/v",
            "/subscriptions//resourceGroups/r/providers/Microsoft.KeyVault/vaults/v",
            "/subscriptions/s/resourceGroups/r/providers/Microsoft.KeyVault/vaults/",
            "/subscriptions/s/resourceGroups/r/providers/Microsoft.KeyVault/vaults/v/keys",
        ] {
            assert_eq!(vault_id(bad), None, "{bad}");
        }
    }

    #[test]
    fn arm_ids_name_a_subscription_a_group_a_vault_or_an_object() {
        let kv = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv";
        assert_eq!(arm_id("/subscriptions/s/"), Ok(ArmId::Subscription("s")));
        assert_eq!(
            arm_id("/SUBSCRIPTIONS/s/resourcegroups/rg"),
            Ok(ArmId::ResourceGroup {
                subscription: "s",
                group: "rg"
            })
        );
        assert_eq!(
            arm_id(&format!("{kv}/KEYS/kek")),
            Ok(ArmId::Vault {
                subscription: "s",
                group: "rg",
                vault: "kv",
                object: Some((ObjectKind::Key, "kek")),
            })
        );
        for bad in ["kv", "subscriptions/s", "/subscriptions", "/tenants/t"] {
            assert_eq!(arm_id(bad), Err(ArmIdError::NoSubscription), "{bad}");
        }
        for bad in [
            "/subscriptions/s/locations/x",
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/v",
            &format!("{kv}/certificates/c"),
            &format!("{kv}/keys"),
        ] {
            assert_eq!(arm_id(bad), Err(ArmIdError::Unknown), "{bad}");
        }
        // A vault's own id is written out in full.
        assert_eq!(vault_id(&format!("{kv}/")), None);
    }
}
