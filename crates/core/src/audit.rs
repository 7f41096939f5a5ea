//! The vault audit log (R14): every data- and control-plane call, allowed or denied.
//!
//! Values of keys and secrets never reach it: entries hold names, URIs and statuses only.
//!
//! The entry has the shape of a row of Azure Monitor's `AZKVAuditLogs` table, where the record's
//! `properties.requestUri` and `properties.httpStatusCode` are columns of their own
//! (`RequestUri`, `HttpStatusCode`) beside `ResultSignature`, the status's reason phrase.

use serde::Serialize;

use crate::time::SimTime;

/// One AuditEvent record, with the fields of Azure's AZKVAuditLogs table that Keyfall models.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    /// Sequence number, from 1 (`#17`).
    pub id: u64,
    /// When the call was made.
    pub time: SimTime,
    /// The caller's UPN or service principal name.
    pub caller: String,
    /// The vault called.
    pub vault: String,
    /// Azure's operation name (`KeyCreate`, `KeyUnwrap`, `SecretGet`, `VaultPut`...), from the
    /// operation table of Learn's "Azure Key Vault logging".
    pub operation_name: String,
    /// The request URI, versioned where the call named a version.
    pub request_uri: String,
    /// The HTTP status as a number (`properties.httpStatusCode` of the record, 403).
    pub http_status_code: u16,
    /// The HTTP status as its reason phrase (`OK`, `Forbidden`, `Not Found`), as Key Vault writes
    /// `resultSignature`: see [`reason_phrase`].
    pub result_signature: &'static str,
    /// `OK`, or the reason for the failure.
    pub result_description: String,
}

impl AuditEntry {
    /// The entry as one line of JSON, without the newline: the same text `serde_json` writes
    /// for it (field order, camelCase names, ISO 8601 time), so the web's JSON-lines export
    /// equals the CLI's without linking a JSON serializer into the wasm.
    pub fn to_json_line(&self) -> String {
        let mut out = json_head(self.id, "time", &self.time.to_string());
        json_fields(
            &mut out,
            &[
                ("caller", self.caller.as_str()),
                ("vault", self.vault.as_str()),
                ("operationName", self.operation_name.as_str()),
                ("requestUri", self.request_uri.as_str()),
            ],
        );
        out.push_str(",\"httpStatusCode\":");
        out.push_str(&self.http_status_code.to_string());
        json_fields(
            &mut out,
            &[
                ("resultSignature", self.result_signature),
                ("resultDescription", self.result_description.as_str()),
            ],
        );
        out.push('}');
        out
    }

    /// Whether the call succeeded (a 2xx status).
    pub fn succeeded(&self) -> bool {
        (200..300).contains(&self.http_status_code)
    }

    /// `#17 2026-01-03 admin@contoso.com KeyDelete kek`: how the explainer cites an entry.
    pub fn cite(&self) -> String {
        let object = self
            .request_uri
            .split(".vault.azure.net/")
            .nth(1)
            .and_then(|rest| rest.split('?').next())
            .unwrap_or(&self.vault);
        format!(
            "#{} {} {} {} {}",
            self.id,
            self.time.date_string(),
            self.caller,
            self.operation_name,
            object
        )
    }
}

/// The reason phrase of an HTTP status (RFC 9110), as Key Vault's audit records spell
/// `resultSignature` ("OK", "Forbidden", "Not Found", "Bad Request") and the Activity log its
/// `subStatus`. Statuses Keyfall never answers with have an empty phrase.
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// The start of a log entry's JSON line: `{"id":N,"<time_name>":"<time>"`, to be followed by its
/// other fields and the closing brace.
pub(crate) fn json_head(id: u64, time_name: &str, time: &str) -> String {
    let mut out = String::with_capacity(256);
    out.push_str("{\"id\":");
    out.push_str(&id.to_string());
    out.push_str(",\"");
    out.push_str(time_name);
    out.push_str("\":");
    json_str(&mut out, time);
    out
}

/// Appends `,"name":"value"` for each pair, values escaped as [`json_str`] does.
pub(crate) fn json_fields(out: &mut String, fields: &[(&str, &str)]) {
    for (name, value) in fields {
        out.push_str(",\"");
        out.push_str(name);
        out.push_str("\":");
        json_str(out, value);
    }
}

/// Appends `s` as a JSON string, escaped as `serde_json` does: `"` `\\` and the two-letter
/// escapes, other control characters as `\u00XX`, everything else as is.
pub(crate) fn json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(HEX[(u32::from(c) >> 4) as usize]));
                out.push(char::from(HEX[(u32::from(c) & 0xf) as usize]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// What a JSON writer gets wrong most easily: quotes, backslashes, every control character,
    /// markup and non-ASCII text. The Activity log's writer is tested with them too.
    pub(crate) fn awkward_texts() -> Vec<String> {
        let controls: String = (0u8..0x20).map(char::from).collect();
        [
            "",
            "OK",
            "say \"no\" \\ here",
            &controls,
            "<img src=x onerror=alert(1)>",
            "<b>Zürich</b> → 東京 \u{7f} \u{2028}",
        ]
        .map(str::to_owned)
        .to_vec()
    }

    fn entry(text: &str) -> AuditEntry {
        AuditEntry {
            id: 17,
            time: SimTime(86_400 * 3 + 61),
            caller: format!("admin@contoso.com {text}"),
            vault: "kv".to_owned(),
            operation_name: "KeyDelete".to_owned(),
            request_uri: format!("https://kv.vault.azure.net/keys/kek?{text}"),
            http_status_code: 403,
            result_signature: "Forbidden",
            result_description: text.to_owned(),
        }
    }

    #[test]
    fn json_line_equals_serde_json() {
        for text in awkward_texts() {
            let e = entry(&text);
            let want = serde_json::to_string(&e).expect("AuditEntry serializes");
            assert_eq!(e.to_json_line(), want, "text {text:?}");
        }
    }

    #[test]
    fn r14_result_signature_is_the_reason_phrase_beside_the_number() {
        // R14: Learn's example record has `"resultSignature": "OK"` and `"httpStatusCode": 200`;
        // field samples spell failures "Forbidden", "Not Found", "Bad Request".
        for (status, phrase) in [
            (200, "OK"),
            (204, "No Content"),
            (400, "Bad Request"),
            (403, "Forbidden"),
            (404, "Not Found"),
            (405, "Method Not Allowed"),
            (409, "Conflict"),
        ] {
            assert_eq!(reason_phrase(status), phrase, "{status}");
        }
        let line = entry("").to_json_line();
        assert!(
            line.contains("\"httpStatusCode\":403,\"resultSignature\":\"Forbidden\""),
            "{line}"
        );
    }
}
