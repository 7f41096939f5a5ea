//! What the stage's tests share.
#![allow(dead_code)]

use keyfall_core::{Scenario, Step, builtin_lessons, parse_scenario};
use keyfall_stage::scene::{El, Node};

/// The built-in lesson whose file starts with `id` (`03`).
pub fn lesson(id: &str) -> Scenario {
    let (_, text) = builtin_lessons()
        .into_iter()
        .find(|(file, _)| file.starts_with(id))
        .expect("a built-in lesson with this id");
    parse_scenario(text).expect("the lesson parses")
}

/// `lesson` with the first `lines` lines of its goal's reference solution typed, a step per line
/// as the app makes them (the goal step itself runs nothing); `None` for a lesson without a goal.
pub fn solution_typed(lesson: &Scenario, lines: usize) -> Option<Scenario> {
    let mut s = lesson.clone();
    let goal = s.steps.pop_if(|st| st.goal.is_some())?;
    let step = |commands| Step {
        commands,
        goal: None,
        ..goal.clone()
    };
    s.steps.push(step(Vec::new()));
    for cl in goal.commands.iter().take(lines) {
        s.steps.push(step(vec![cl.clone()]));
    }
    Some(s)
}

/// The texts `el` draws, in order: each `<text>` element's, titles left out.
pub fn texts(el: &El) -> Vec<String> {
    Node::El(el.clone())
        .elements()
        .into_iter()
        .filter(|e| e.tag == "text")
        .map(|e| Node::El(e.clone()).text())
        .collect()
}
