//! Just enough of an HTML tokenizer for postbuild to find Trunk's tags in dist/index.html,
//! whether Trunk wrote them as in our source (`<script type="module">`) or minified them
//! (`<script type=module>`, unquoted values, no `<head>`). Std only, like the rest of xtask:
//! the pages it reads are Trunk's output, so comments, raw-text elements (`<script>`,
//! `<style>`) and the three ways to write an attribute value are all it needs.

use std::ops::Range;

/// A start tag in the page, with its attributes as written (names lower-cased).
#[derive(Debug)]
pub struct Tag {
    /// Lower-cased element name.
    pub name: String,
    pub attrs: Vec<(String, String)>,
    /// From `<` to past `>`; for `<script>` and `<style>`, past their closing tag.
    pub span: Range<usize>,
    /// The text of a `<script>` or `<style>`, empty for other tags.
    pub inner: Range<usize>,
}

impl Tag {
    /// The value of attribute `name` (`""` for a bare attribute), if present.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether attribute `name` is present and equals `value`, ignoring ASCII case.
    pub fn is(&self, name: &str, value: &str) -> bool {
        self.attr(name)
            .is_some_and(|v| v.eq_ignore_ascii_case(value))
    }
}

/// Every start tag in `html`, in order; end tags, comments and doctypes are skipped. Stops at
/// the first tag that does not end (an unterminated page has nothing after it to find).
pub fn tags(html: &str) -> Vec<Tag> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(lt) = html[at..].find('<').map(|i| at + i) {
        let rest = &html[lt..];
        if rest.starts_with("<!--") {
            match rest.find("-->") {
                Some(i) => at = lt + i + 3,
                None => break,
            }
            continue;
        }
        let starts_name = rest[1..].starts_with(|c: char| c.is_ascii_alphabetic());
        if !starts_name {
            // `</x>`, `<!doctype>` or a stray `<`: nothing postbuild looks for.
            match rest.find('>') {
                Some(i) if rest[1..].starts_with(['/', '!', '?']) => at = lt + i + 1,
                _ => at = lt + 1,
            }
            continue;
        }
        let Some((tag, next)) = start_tag(html, lt) else {
            break;
        };
        at = next;
        out.push(tag);
    }
    out
}

/// Reads the start tag at `lt`; returns it and where scanning goes on.
fn start_tag(html: &str, lt: usize) -> Option<(Tag, usize)> {
    let bytes = html.as_bytes();
    let is_space = |b: u8| b.is_ascii_whitespace();
    let mut i = lt + 1;
    let name_end = i + html[i..].find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')?;
    let name = html[i..name_end].to_ascii_lowercase();
    i = name_end;
    let mut attrs = Vec::new();
    loop {
        while i < bytes.len() && (is_space(bytes[i]) || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return None;
        }
        if bytes[i] == b'>' {
            i += 1;
            break;
        }
        let end = i + html[i..]
            .find(|c: char| c.is_ascii_whitespace() || matches!(c, '=' | '>' | '/'))
            .unwrap_or(html.len() - i);
        let attr = html[i..end].to_ascii_lowercase();
        i = end;
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        let mut value = String::new();
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && is_space(bytes[i]) {
                i += 1;
            }
            match bytes.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let close = i + 1 + html[i + 1..].find(q as char)?;
                    value = html[i + 1..close].to_owned();
                    i = close + 1;
                }
                Some(_) => {
                    let end = i + html[i..]
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .unwrap_or(html.len() - i);
                    value = html[i..end].to_owned();
                    i = end;
                }
                None => return None,
            }
        }
        attrs.push((attr, value));
    }
    let mut span = lt..i;
    let mut inner = i..i;
    if name == "script" || name == "style" {
        // Raw text: the element ends at the first `</script` (or `</style`), whatever quotes or
        // `<` the text holds.
        let closing = format!("</{name}");
        let close = i + html[i..].to_ascii_lowercase().find(&closing)?;
        let gt = close + html[close..].find('>')? + 1;
        inner = i..close;
        span = lt..gt;
    }
    let next = span.end;
    Some((
        Tag {
            name,
            attrs,
            span,
            inner,
        },
        next,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quoted_unquoted_and_bare_attributes() {
        let html = "<!doctype html><html lang=en><meta charset=utf-8><link rel='stylesheet' \
                    href=/k/app-1.css integrity=\"sha384-a/b+c=\"/><script defer src=x.js></script>";
        let tags = tags(html);
        let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["html", "meta", "link", "script"]);
        assert_eq!(tags[1].attr("charset"), Some("utf-8"));
        assert_eq!(tags[2].attr("href"), Some("/k/app-1.css"));
        assert_eq!(tags[2].attr("integrity"), Some("sha384-a/b+c="));
        assert!(tags[2].is("rel", "StyleSheet"));
        assert_eq!(tags[3].attr("defer"), Some(""));
        assert_eq!(
            &html[tags[3].span.clone()],
            "<script defer src=x.js></script>"
        );
    }

    #[test]
    fn script_text_is_not_read_as_tags() {
        let html = "<!-- <link rel=icon> --><SCRIPT type=module>if (a<b) x('<link rel=icon>')\
                    </Script><link rel=icon href=i.svg>";
        let tags = tags(html);
        assert_eq!(tags.len(), 2);
        assert_eq!(tags[0].name, "script");
        assert!(tags[0].is("type", "module"));
        assert_eq!(
            &html[tags[0].inner.clone()],
            "if (a<b) x('<link rel=icon>')"
        );
        assert_eq!(tags[1].attr("href"), Some("i.svg"));
    }

    #[test]
    fn an_unterminated_tag_ends_the_scan() {
        assert_eq!(tags("<p>a</p><link href=\"x").len(), 1);
        assert!(tags("<script>never closed").is_empty());
    }
}
