//! The scenarios a trainer keeps in this browser, under names they give, and the editor's draft.
//! Each scenario is its own localStorage entry (one JSON string, as the autosave), and one entry
//! lists the names, so a list needs no scan of the whole storage.

use crate::hooks::storage::{load, save};

const INDEX: &str = "keyfall.scenarios.v1";
const PREFIX: &str = "keyfall.scenario.v1:";
/// The text being edited and its name, kept at every pause in typing, so a reload loses nothing.
const DRAFT: &str = "keyfall.editor.draft.v1";
const DRAFT_NAME: &str = "keyfall.editor.name.v1";

/// The longest name kept; a name is one line.
const MAX_NAME: usize = 60;

/// The saved names, in the order they were first saved.
pub(crate) fn names() -> Vec<String> {
    load(INDEX)
        .map(|t| t.lines().map(str::to_owned).collect())
        .unwrap_or_default()
}

pub(crate) fn open(name: &str) -> Option<String> {
    load(&format!("{PREFIX}{name}"))
}

/// A name as it is kept, or why it cannot be one.
pub(crate) fn clean_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("Give the scenario a name first.".to_owned());
    }
    if name.chars().count() > MAX_NAME || name.contains(['\n', '\r']) {
        return Err(format!(
            "A name is one line of at most {MAX_NAME} characters."
        ));
    }
    Ok(name.to_owned())
}

/// Keeps `text` under `name` (replacing what was there) and lists the name.
pub(crate) fn store(name: &str, text: &str) -> Result<(), String> {
    const REFUSED: &str = "This browser would not keep the scenario; use Export to save a file.";
    save(&format!("{PREFIX}{name}"), text).map_err(|_| REFUSED.to_owned())?;
    let mut all = names();
    if !all.iter().any(|n| n == name) {
        all.push(name.to_owned());
        save(INDEX, &all.join("\n")).map_err(|_| REFUSED.to_owned())?;
    }
    Ok(())
}

pub(crate) fn remove(name: &str) {
    let all: Vec<String> = names().into_iter().filter(|n| n != name).collect();
    // A refusal leaves the entry listed, which the next save repairs.
    let _ = save(INDEX, &all.join("\n"));
    if let Some(s) = gloo::utils::window().local_storage().ok().flatten() {
        let _ = s.remove_item(&format!("{PREFIX}{name}"));
    }
}

/// Renames `from` to `to`, in place in the list. Refuses a name already taken.
pub(crate) fn rename(from: &str, to: &str) -> Result<(), String> {
    let to = clean_name(to)?;
    if to == from {
        return Ok(());
    }
    let mut all = names();
    if all.contains(&to) {
        return Err(format!("There is already a scenario named “{to}”."));
    }
    let text = open(from).ok_or_else(|| format!("“{from}” is no longer saved here."))?;
    store(&to, &text)?;
    // `store` appended the new name: put it where the old one was.
    if let Some(i) = all.iter().position(|n| n == from) {
        all[i] = to.clone();
        let _ = save(INDEX, &all.join("\n"));
    }
    if let Some(s) = gloo::utils::window().local_storage().ok().flatten() {
        let _ = s.remove_item(&format!("{PREFIX}{from}"));
    }
    Ok(())
}

/// The draft and its name, if one was kept.
pub(crate) fn draft() -> Option<(String, String)> {
    Some((load(DRAFT)?, load(DRAFT_NAME).unwrap_or_default()))
}

pub(crate) fn keep_draft(text: &str, name: &str) {
    // Best effort: a refused draft is what Save reports, when the user asks for it.
    let _ = save(DRAFT, text);
    let _ = save(DRAFT_NAME, name);
}
