//! What the stage's tests share.

use keyfall_core::{Scenario, builtin_lessons, parse_scenario};

/// The built-in lesson whose file starts with `id` (`03`).
pub fn lesson(id: &str) -> Scenario {
    let (_, text) = builtin_lessons()
        .into_iter()
        .find(|(file, _)| file.starts_with(id))
        .expect("a built-in lesson with this id");
    parse_scenario(text).expect("the lesson parses")
}
