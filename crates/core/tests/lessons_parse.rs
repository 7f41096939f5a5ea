//! Every command line of every built-in lesson is valid in the command language, and prints back
//! to the text the lesson wrote (lessons are written in canonical form).

use keyfall_core::{builtin_lessons, parse_line, parse_scenario};

#[test]
fn every_lesson_command_parses_and_is_canonical() {
    for (file, text) in builtin_lessons() {
        let scenario = parse_scenario(text).unwrap_or_else(|e| panic!("{file}:{e}"));
        for step in &scenario.steps {
            for cl in &step.commands {
                if keyfall_core::needs_shell(&cl.text) {
                    // Learn's bash (variables, `$(az ... -o tsv)`): the runner's shell reads
                    // it, and lessons_run.rs runs every lesson green.
                    continue;
                }
                let command = parse_line(&cl.text)
                    .unwrap_or_else(|e| panic!("{file}:{}:{}: {e}", cl.line, cl.column))
                    .unwrap_or_else(|| panic!("{file}:{}: empty command", cl.line));
                assert_eq!(command.to_string(), cl.text, "{file}:{}", cl.line);
            }
        }
    }
}
