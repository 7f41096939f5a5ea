//! The handout of every built-in lesson: the same bytes twice, every step's title and every
//! command in it, one picture per step, and nothing fetched from elsewhere.

use keyfall_core::{builtin_lessons, parse_scenario};
use keyfall_stage::handout::{escaped, handout};
use keyfall_stage::shot::Shot;

#[test]
fn every_lesson_hands_out_its_steps_commands_and_pictures() {
    for (file, text) in builtin_lessons() {
        let s = parse_scenario(text).expect("the lesson parses");
        let seed = s.seed.unwrap_or(1);
        let page = handout(&s, seed);
        assert_eq!(
            page,
            handout(&s, seed),
            "{file}: the same input, the same bytes"
        );
        assert!(page.contains(&escaped(&s.title)), "{file}: the title");
        assert_eq!(
            page.matches("<section class=\"step\"").count(),
            s.steps.len(),
            "{file}: one section per step"
        );
        assert_eq!(
            page.matches("<svg xmlns=").count(),
            s.steps.len(),
            "{file}: one picture per step"
        );
        let sections: Vec<&str> = page.split("<section class=\"step\"").skip(1).collect();
        for (i, (step, section)) in s.steps.iter().zip(&sections).enumerate() {
            assert!(
                section.contains(&escaped(&step.title)),
                "{file} step {}: its title",
                i + 1
            );
            // A goal step shows its solution unrun; any other step the commands it ran.
            let shot = Shot::take(&s, seed, i + 1).expect("the step exists");
            let commands: Vec<String> = if step.goal.is_some() {
                step.commands.iter().map(|c| c.text.clone()).collect()
            } else {
                shot.records.iter().map(|r| r.command.clone()).collect()
            };
            for c in commands {
                assert!(
                    section.contains(&format!("$ {}</pre>", escaped(&c))),
                    "{file} step {}: `{c}`",
                    i + 1
                );
            }
            let failed = shot.records.iter().filter(|r| !r.ok).count();
            if step.goal.is_none() {
                assert_eq!(
                    section.matches("class=\"cmd fail\"").count(),
                    failed,
                    "{file} step {}: every failure marked",
                    i + 1
                );
            }
        }
        for external in ["src=", "url(", "@import", "<script"] {
            assert!(
                !page.contains(external),
                "{file}: fetches nothing ({external})"
            );
        }
        for link in page.split("href=\"").skip(1) {
            assert!(
                link.starts_with("data:"),
                "{file}: links only to itself: {link:.40}"
            );
        }
    }
}
