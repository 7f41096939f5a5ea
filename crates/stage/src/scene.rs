//! The drawing as data: a small tree of SVG elements (groups, rects, paths, texts, titles) with
//! their classes and data attributes. The CLI writes it out with [`Node::to_svg`]; the app maps
//! each element to a virtual DOM node and attaches the click and keyboard handlers of the
//! elements that carry a [`Selection`].

use std::fmt::Write as _;

use keyfall_core::PointRef;

/// Something the user can pick on the stage (or in a panel), for the inspector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    Vault(String),
    Key {
        vault: String,
        name: String,
    },
    Secret {
        vault: String,
        name: String,
    },
    Vm(String),
    Principal(String),
    RecoveryVault(String),
    RecoveryPoint(PointRef),
    DiskEncryptionSet(String),
    /// A managed disk no VM holds.
    Disk(String),
}

/// A click target: what the element selects, and whether it sits inside another target (a shelf
/// row inside its vault), whose handler must then not run too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pick {
    pub selection: Selection,
    pub nested: bool,
}

/// One node of the drawing.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    El(El),
    Text(String),
    /// Nodes in sequence with no element of their own: what varies in number (the actors, a
    /// tooltip that only a shortened text has) sits in one, so that the app's virtual DOM keeps
    /// the elements after it in their places and patches them rather than replacing them.
    List(Vec<Node>),
}

/// An SVG element. Attributes keep the order they were given, so the output is the same bytes
/// every time.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct El {
    pub tag: &'static str,
    pub attrs: Vec<(&'static str, String)>,
    pub children: Vec<Node>,
    /// A key that changes when the element must be replaced rather than patched (the travelling
    /// message, so its CSS animation starts again). Not written to the SVG.
    pub key: Option<String>,
    /// Clicking it (or Enter/Space on it) selects this. Not written to the SVG.
    pub pick: Option<Pick>,
}

/// An element `tag` with nothing in it yet.
pub fn el(tag: &'static str) -> El {
    El {
        tag,
        ..El::default()
    }
}

/// Nodes in sequence (see [`Node::List`]).
pub fn list(items: impl IntoIterator<Item = Node>) -> Node {
    Node::List(items.into_iter().collect())
}

/// An element that only some pictures have, in a list of its own (see [`Node::List`]).
pub fn maybe(e: Option<El>) -> Node {
    Node::List(e.into_iter().map(Node::El).collect())
}

/// A text node.
pub fn text(t: impl Into<String>) -> Node {
    Node::Text(t.into())
}

impl El {
    pub fn attr(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.attrs.push((name, value.into()));
        self
    }

    /// The attribute when `value` is `Some`, nothing otherwise.
    pub fn attr_opt(self, name: &'static str, value: Option<impl Into<String>>) -> Self {
        match value {
            Some(v) => self.attr(name, v),
            None => self,
        }
    }

    pub fn class(self, class: impl Into<String>) -> Self {
        self.attr("class", class)
    }

    pub fn child(mut self, child: impl Into<Node>) -> Self {
        self.children.push(child.into());
        self
    }

    /// A run of children that may vary in number, as one [`Node::List`].
    pub fn children(self, children: impl IntoIterator<Item = Node>) -> Self {
        self.child(list(children))
    }

    /// A `<title>` (the tooltip) first, when `tip` is `Some`.
    pub fn title_opt(self, tip: Option<String>) -> Self {
        self.child(maybe(tip.map(|t| el("title").child(text(t)))))
    }

    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    pub fn pick(mut self, selection: Selection, nested: bool) -> Self {
        self.pick = Some(Pick { selection, nested });
        self
    }

    /// The value of attribute `name`, if set.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl From<El> for Node {
    fn from(e: El) -> Node {
        Node::El(e)
    }
}

impl Node {
    /// The tree as SVG markup: no declaration, no added whitespace, text and attribute values
    /// escaped.
    pub fn to_svg(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Node::Text(t) => escape(t, out),
            Node::List(items) => items.iter().for_each(|n| n.write(out)),
            Node::El(e) => {
                out.push('<');
                out.push_str(e.tag);
                for (name, value) in &e.attrs {
                    let _ = write!(out, " {name}=\"");
                    escape(value, out);
                    out.push('"');
                }
                let mut inner = String::new();
                for c in &e.children {
                    c.write(&mut inner);
                }
                if inner.is_empty() {
                    out.push_str("/>");
                } else {
                    let _ = write!(out, ">{inner}</{}>", e.tag);
                }
            }
        }
    }

    /// Every element of the tree, depth first, this one included.
    pub fn elements(&self) -> Vec<&El> {
        let mut out = Vec::new();
        fn walk<'a>(n: &'a Node, out: &mut Vec<&'a El>) {
            match n {
                Node::El(e) => {
                    out.push(e);
                    e.children.iter().for_each(|c| walk(c, out));
                }
                Node::List(items) => items.iter().for_each(|c| walk(c, out)),
                Node::Text(_) => {}
            }
        }
        walk(self, &mut out);
        out
    }

    /// The text of this node and its children, titles left out.
    pub fn text(&self) -> String {
        match self {
            Node::Text(t) => t.clone(),
            Node::El(e) if e.tag == "title" => String::new(),
            Node::El(e) => e.children.iter().map(Node::text).collect(),
            Node::List(items) => items.iter().map(Node::text).collect(),
        }
    }
}

pub(crate) fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_elements_attributes_and_escaped_text() {
        let n: Node = el("g")
            .class("actor vm")
            .attr("data-actor", "a\"b")
            .child(el("rect").attr("width", "10"))
            .child(el("text").child(text("x < y & z")))
            .pick(Selection::Vm("vm1".into()), false)
            .key("k")
            .into();
        assert_eq!(
            n.to_svg(),
            "<g class=\"actor vm\" data-actor=\"a&quot;b\"><rect width=\"10\"/><text>x &lt; y &amp; z</text></g>"
        );
        assert_eq!(n.text(), "x < y & z");
    }
}
