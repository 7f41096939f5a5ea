//! `--value` of `az keyvault key rotation-policy update`: the policy JSON, read as azure-cli reads
//! it (`keyvault/custom.py`, `update_key_rotation_policy`).
//!
//! az loads the text with `get_json_object`, which turns every key into snake case, so
//! `lifetimeActions` and `lifetime_actions` are one key; here a key is compared with its
//! underscores dropped, in any case. Each action's `type` comes from `action.type` (or `action`
//! itself when it is a string), its times from `trigger` (or from the action itself when it has no
//! `trigger`), and the expiry from `attributes.expiryTime|expiresIn` when `attributes` is given,
//! else from the top level's. A text that names a file (`@policy.json`, or a path) cannot be read:
//! the page has no file system.

use serde_json::{Map, Value};

use crate::command::{LifetimeAction, PolicyAction, PolicyTrigger, RotationPolicySpec};
use crate::time::Period;

/// The policy `text` gives, or why az (or Key Vault, for what az passes through unchecked)
/// refuses it.
pub(crate) fn policy(text: &str) -> Result<RotationPolicySpec, String> {
    let t = text.trim();
    if t.starts_with('@')
        || (!t.starts_with('{') && !t.is_empty() && !t.contains(char::is_whitespace))
    {
        return Err(format!(
            "Keyfall has no file system, so the policy file {t} cannot be read: paste the policy JSON inline, --value '{{\"lifetimeActions\": [...], \"attributes\": {{\"expiryTime\": \"P90D\"}}}}'"
        ));
    }
    let json: Value =
        serde_json::from_str(t).map_err(|e| format!("Failed to parse string as JSON: {e}"))?;
    let Value::Object(root) = json else {
        return Err("Please specify a valid policy".to_owned());
    };
    if root.is_empty() {
        // az: `if not policy: raise InvalidArgumentValueError("Please specify a valid policy")`.
        return Err("Please specify a valid policy".to_owned());
    }
    let mut spec = RotationPolicySpec::default();
    if let Some(actions) = get(&root, "lifetimeactions").filter(|v| !v.is_null()) {
        let Value::Array(actions) = actions else {
            return Err("lifetimeActions must be a list of actions".to_owned());
        };
        for a in actions {
            spec.lifetime_actions.push(action(a)?);
        }
    }
    let expiry = match get(&root, "attributes").filter(|v| truthy(v)) {
        Some(Value::Object(attrs)) => expiry_of(attrs),
        Some(_) => return Err("attributes must be an object".to_owned()),
        None => expiry_of(&root),
    };
    spec.expiry_time = match expiry {
        Some(v) => Some(period(v, "expiryTime")?),
        None => None,
    };
    Ok(spec)
}

/// The key of `m` that reads `key` once underscores are dropped and case ignored.
fn get<'a>(m: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    m.iter()
        .find(|(k, _)| k.replace('_', "").eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
}

/// Python's truth of a JSON value, as az's `if policy.get(...)` tests it.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        Value::Number(_) => true,
    }
}

/// `expires_in or expiry_time`, as az picks it.
fn expiry_of(m: &Map<String, Value>) -> Option<&Value> {
    get(m, "expiresin")
        .filter(|v| truthy(v))
        .or_else(|| get(m, "expirytime").filter(|v| truthy(v)))
}

fn period(v: &Value, field: &str) -> Result<Period, String> {
    v.as_str()
        .and_then(Period::parse)
        .ok_or_else(|| format!("{field} {v} is not an ISO 8601 duration such as P90D, P18M or P2Y"))
}

fn action(a: &Value) -> Result<LifetimeAction, String> {
    let Value::Object(a) = a else {
        return Err("each of lifetimeActions must be an object with trigger and action".to_owned());
    };
    let kind = match get(a, "action") {
        Some(Value::Object(o)) => get(o, "type"),
        other => other,
    };
    let action = match kind.and_then(Value::as_str) {
        Some(t) if t.eq_ignore_ascii_case("rotate") => PolicyAction::Rotate,
        Some(t) if t.eq_ignore_ascii_case("notify") => PolicyAction::Notify,
        _ => {
            return Err(format!(
                "action.type {} is not Rotate or Notify",
                kind.map_or("(missing)".to_owned(), Value::to_string)
            ));
        }
    };
    let times = match get(a, "trigger") {
        Some(Value::Object(t)) if truthy(&Value::Object(t.clone())) => t,
        _ => a,
    };
    let after = get(times, "timeaftercreate").filter(|v| !v.is_null());
    let before = get(times, "timebeforeexpiry").filter(|v| !v.is_null());
    let trigger = match (after, before) {
        (Some(v), None) => PolicyTrigger::AfterCreate(period(v, "timeAfterCreate")?),
        (None, Some(v)) => PolicyTrigger::BeforeExpiry(period(v, "timeBeforeExpiry")?),
        (Some(_), Some(_)) => {
            return Err(format!(
                "the {} action gives both timeAfterCreate and timeBeforeExpiry: Key Vault takes one trigger per action",
                action.name()
            ));
        }
        (None, None) => {
            return Err(format!(
                "the {} action has no trigger: give trigger.timeAfterCreate or trigger.timeBeforeExpiry",
                action.name()
            ));
        }
    };
    Ok(LifetimeAction { action, trigger })
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEARN: &str = r#"{
      "lifetimeActions": [
        { "trigger": { "timeAfterCreate": "P18M", "timeBeforeExpiry": null },
          "action": { "type": "Rotate" } },
        { "trigger": { "timeBeforeExpiry": "P30D" }, "action": { "type": "Notify" } }
      ],
      "attributes": { "expiryTime": "P2Y" }
    }"#;

    #[test]
    fn reads_learns_policy() {
        let p = policy(LEARN).expect("parses");
        assert_eq!(p.lifetime_actions.len(), 2);
        assert_eq!(p.lifetime_actions[0].action, PolicyAction::Rotate);
        assert_eq!(
            p.lifetime_actions[0].trigger,
            PolicyTrigger::AfterCreate(Period::parse("P18M").expect("period"))
        );
        assert_eq!(p.expiry_time, Period::parse("P2Y"));
        // The printed form reads back to the same policy.
        assert_eq!(policy(&p.to_json()).expect("round trip"), p);
    }

    #[test]
    fn snake_case_and_flat_actions_as_az_reads_them() {
        let p = policy(
            r#"{"lifetime_actions": [{"action": "rotate", "time_after_create": "P90D"}],
                "expires_in": "P1Y"}"#,
        )
        .expect("parses");
        assert_eq!(p.lifetime_actions[0].action, PolicyAction::Rotate);
        assert_eq!(p.expiry_time, Period::parse("P1Y"));
    }

    #[test]
    fn refuses_what_az_refuses_and_files() {
        assert!(policy("{}").expect_err("refused").contains("valid policy"));
        assert!(
            policy("{not json")
                .expect_err("refused")
                .contains("Failed to parse")
        );
        assert!(
            policy("@policy.json")
                .expect_err("refused")
                .contains("no file system")
        );
        assert!(
            policy("policy.json")
                .expect_err("refused")
                .contains("no file system")
        );
        let e = policy(
            r#"{"lifetimeActions":[{"trigger":{"timeAfterCreate":"P9X"},"action":{"type":"Rotate"}}]}"#,
        );
        assert!(e.expect_err("refused").contains("ISO 8601"));
    }
}
