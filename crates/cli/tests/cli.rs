//! The `keyfall` binary as users run it: exit statuses, error positions, JSON lines, determinism.

mod common;

use std::path::PathBuf;

use common::keyfall;

fn script(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("keyfall-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write script");
    path
}

fn lesson_path(prefix: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../core/lessons");
    std::fs::read_dir(&dir)
        .expect("lessons folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .expect("lesson exists")
}

#[test]
fn a_typo_prints_file_line_column_and_suggestion_and_exits_2() {
    let path = script(
        "typo.kf",
        "az keyvault create --name kv1 --resource-group rg --location westeurope --enable-rbac-authorization false\n\
         az keyvault key create --vault-nme kv1 --name kek\n",
    );
    let out = keyfall(&["run", path.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("typo.kf:2:24:"), "{err}");
    assert!(err.contains("did you mean --vault-name?"), "{err}");
    // Nothing ran: the valid first line printed no transcript.
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn a_failed_expectation_exits_1_and_json_has_one_object_per_command() {
    let path = script(
        "rbac.kf",
        "az keyvault create --name kv1 --resource-group rg --location westeurope\n\
         az ad sp create-for-rbac --name app\n\
         az keyvault key create --vault-name kv1 --name kek\n\
         sim expect ok\n",
    );
    let out = keyfall(&["run", path.to_str().expect("utf-8 path"), "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 4);
    // R11: a new vault uses RBAC, and its creator has no data-plane role in it.
    assert_eq!(lines[2]["line"], 3);
    assert_eq!(lines[2]["ok"], false);
    assert_eq!(lines[2]["code"], "Forbidden");
    assert_eq!(lines[2]["innerCode"], "ForbiddenByRbac");
    assert_eq!(lines[2]["status"], 403);
    assert_eq!(lines[3]["code"], "ExpectationFailed");
}

#[test]
fn every_lesson_runs_green_and_the_same_seed_gives_identical_bytes() {
    for n in 1..=10 {
        let id = format!("{n:02}");
        let path = lesson_path(&id);
        let path = path.to_str().expect("utf-8 path");
        let first = keyfall(&["run", path, "--json"]);
        assert_eq!(
            first.status.code(),
            Some(0),
            "lesson {id}: {}",
            String::from_utf8_lossy(&first.stdout)
        );
        let again = keyfall(&["run", path, "--json"]);
        assert_eq!(
            first.stdout, again.stdout,
            "lesson {id} is not deterministic"
        );
        let audit = keyfall(&["audit", path, "--json", "--seed", "9"]);
        assert_eq!(
            audit.stdout,
            keyfall(&["audit", path, "--json", "--seed", "9"]).stdout
        );
    }
}

#[test]
fn health_json_names_verdicts_and_audit_has_r14_fields() {
    let out = keyfall(&["health", "03", "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("health is JSON");
    let vm = report["assets"]
        .as_array()
        .expect("assets")
        .iter()
        .find(|a| a["asset"] == "vm:vm1")
        .expect("vm1 reported");
    assert_eq!(vm["verdict"], "ok", "lesson 03's solution boots vm1 again");

    let out = keyfall(&["audit", "03", "--json"]);
    let first: serde_json::Value = serde_json::from_str(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .expect("entries"),
    )
    .expect("JSON");
    for field in [
        "time",
        "caller",
        "operationName",
        "id",
        "httpStatusCode",
        "resultSignature",
        "resultDescription",
    ] {
        assert!(
            first.get(field).is_some(),
            "R14 field {field} missing: {first}"
        );
    }
    // Learn's example record: the reason phrase, the number beside it.
    assert_eq!(first["resultSignature"], "OK", "{first}");
    assert_eq!(first["httpStatusCode"], 200, "{first}");
}

#[test]
fn role_assignments_are_printed_in_the_activity_log_not_the_audit_log() {
    // R14: role assignments are Resource Manager operations (Activity log), not AuditEvents.
    let path = script(
        "roles.kf",
        "az keyvault create --name kv1 --resource-group rg --location westeurope --enable-rbac-authorization true\n\
         az role assignment create --assignee admin --role \"Key Vault Secrets User\" --scope kv1\n\
         az role assignment delete --assignee admin --role \"Key Vault Secrets User\" --scope kv1\n",
    );
    let path = path.to_str().expect("utf-8 path");
    let audit = keyfall(&["audit", path, "--json"]);
    let audit = String::from_utf8_lossy(&audit.stdout);
    assert_eq!(audit.lines().count(), 1, "only the VaultPut: {audit}");
    assert!(audit.contains("\"operationName\":\"VaultPut\""), "{audit}");

    let out = keyfall(&["activity", path, "--json"]);
    assert!(out.status.success());
    let ops: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON");
            format!("{} {}", v["operationName"], v["status"])
        })
        .collect();
    assert_eq!(
        ops,
        [
            r#""Microsoft.KeyVault/vaults/write" "Succeeded""#,
            r#""Microsoft.Authorization/roleAssignments/write" "Succeeded""#,
            r#""Microsoft.Authorization/roleAssignments/delete" "Succeeded""#,
        ]
    );

    // The human audit output labels both logs.
    let human = keyfall(&["audit", path]);
    let human = String::from_utf8_lossy(&human.stdout);
    assert!(
        human.starts_with("Audit log (Key Vault AuditEvent)"),
        "{human}"
    );
    assert!(
        human.contains("Activity log (Azure Resource Manager)"),
        "{human}"
    );
    assert!(
        human.contains("Microsoft.Authorization/roleAssignments/delete"),
        "{human}"
    );
}

#[test]
fn lessons_lists_eleven_and_export_writes_az_only() {
    let out = keyfall(&["lessons"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 11);
    let out = keyfall(&["export", "05", "--az"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("az keyvault key rotate"), "{text}");
    assert!(
        text.lines()
            .all(|l| l.is_empty() || l.starts_with('#') || l.starts_with("az ")),
        "{text}"
    );
}

#[test]
fn a_goal_lesson_says_its_reference_solution_meets_the_goal() {
    // R35: lesson 11's goal pins the migrated VMs and a VM restored from the old ADE backup.
    let out = keyfall(&["run", "11"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains(
            "goal met: vm:win1-eah ok, vm:lin1 ok, rp:rsv/win1-eah/rp-1 ok, vm:win1 lost"
        ),
        "{text}"
    );
    // A lesson without a goal says nothing of one.
    let out = keyfall(&["run", "01"]);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("goal"));
}

#[test]
fn transcript_of_lesson_3_shows_the_failing_call() {
    let out = keyfall(&["run", "03"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("platform-ade → kv-ade: unwrapKey kek/"),
        "{text}"
    );
    assert!(text.contains("404 KeyNotFound"), "{text}");
    assert!(text.contains("VmBootLocked"), "{text}");
}

#[test]
fn commands_prints_the_console_help() {
    let out = keyfall(&["commands", "keyvault", "key", "create"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("Command\n    az keyvault key create : "),
        "{text}"
    );
    assert!(text.contains("--kty"), "{text}");
    let all = keyfall(&["commands"]);
    assert!(String::from_utf8_lossy(&all.stdout).contains("az vm encryption : "));
    let typo = keyfall(&["commands", "keyvalt"]);
    assert_eq!(typo.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&typo.stderr).contains("did you mean keyvault?"));
}

/// `keyfall render` at the same step twice: the same SVG, PNG and GIF bytes. The SVG is the
/// stage's drawing with its styles inside; the PNG is drawn on the shipped fonts only.
#[test]
fn render_writes_the_same_svg_png_and_gif_bytes_every_time() {
    let dir = std::env::temp_dir().join(format!("keyfall-render-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let run = |args: &[&str], name: &str| -> Vec<u8> {
        let out = dir.join(name);
        let path = out.to_string_lossy().into_owned();
        let mut all = args.to_vec();
        all.extend(["-o", &path]);
        let o = keyfall(&all);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        std::fs::read(&out).expect("written")
    };
    // Renders twice into `a.EXT` and `b.EXT` and returns the bytes, asserting they are equal.
    let twice = |args: &[&str], ext: &str| -> Vec<u8> {
        let first = run(args, &format!("a.{ext}"));
        assert_eq!(first, run(args, &format!("b.{ext}")), "{args:?}");
        first
    };
    let svg = twice(&["render", "03", "--step", "2"], "svg");
    let text = String::from_utf8(svg).expect("UTF-8");
    assert!(text.contains("<style>") && text.contains("xmlns=\"http://www.w3.org/2000/svg\""));
    // The step's calls with their labels and results, as text.
    assert!(text.contains("key get kek"), "{text}");
    assert!(text.contains("404 KeyNotFound"), "{text}");
    let png_args = ["render", "03", "--step", "2", "--png", "--width", "640"];
    let png = twice(&png_args, "png");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let light = run(&[&png_args[..], &["--theme", "light"]].concat(), "c.png");
    assert_ne!(png, light, "the light theme draws other colours");
    let gif = twice(
        &["render", "03", "--steps", "1..2", "--gif", "--width", "480"],
        "gif",
    );
    assert_eq!(&gif[..6], b"GIF89a");
    // The messages travel: before each call's arrival frame, four frames of its pulse on the
    // lane, each only the rectangle that changed, the pulse somewhere new in each.
    let frames = gif_frames(&gif);
    let travel: Vec<&(u16, u16, u16, u16, u16)> = frames.iter().filter(|f| f.4 == 12).collect();
    assert!(!travel.is_empty(), "no travelling frames: {frames:?}");
    assert_eq!(travel.len() % 4, 0, "{frames:?}");
    let arrivals = frames.iter().filter(|f| f.4 >= 100).count();
    assert_eq!(travel.len(), 4 * arrivals, "{frames:?}");
    // A call's first frame brings its lane and label; in the next three only the pulse moves.
    let full = u32::from(frames[0].2) * u32::from(frames[0].3);
    for call in travel.chunks(4) {
        let small = |f: &&&(u16, u16, u16, u16, u16)| u32::from(f.2) * u32::from(f.3) < full / 20;
        assert!(
            call[1..].iter().all(|f| small(&f)),
            "more than the pulse: {frames:?}"
        );
        for pair in call[1..].windows(2) {
            assert_ne!((pair[0].0, pair[0].1), (pair[1].0, pair[1].1), "{frames:?}");
        }
    }
}

/// Each frame of a GIF as (left, top, width, height, delay).
fn gif_frames(bytes: &[u8]) -> Vec<(u16, u16, u16, u16, u16)> {
    let mut opts = gif::DecodeOptions::new();
    opts.set_color_output(gif::ColorOutput::Indexed);
    let mut d = opts.read_info(bytes).expect("a GIF");
    let mut out = Vec::new();
    while let Some(f) = d.read_next_frame().expect("a frame") {
        out.push((f.left, f.top, f.width, f.height, f.delay));
    }
    out
}

#[test]
fn render_past_the_last_step_exits_2_with_a_clear_error() {
    let out = std::env::temp_dir().join("keyfall-render-past.svg");
    let o = keyfall(&["render", "03", "--step", "40", "-o", &out.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("step 40 is past the end"), "{err}");
}

/// `keyfall previews`: one picture per step of every built-in lesson, from its start (0) to its
/// last step, each the same bytes `keyfall render` writes for that step (docs embeds show them).
#[test]
fn previews_draw_every_step_of_every_lesson_as_render_does() {
    let dir = std::env::temp_dir().join(format!("keyfall-previews-{}", std::process::id()));
    let o = keyfall(&["previews", "-o", &dir.to_string_lossy()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut expected = 0;
    for (file, text) in keyfall_core::builtin_lessons() {
        let lesson = keyfall_core::parse_scenario(text).expect(file);
        expected += lesson.steps.len() + 1;
        let last = lesson.steps.len();
        assert!(dir.join(format!("{}-0.svg", lesson.id)).is_file(), "{file}");
        assert!(
            !dir.join(format!("{}-{}.svg", lesson.id, last + 1)).exists(),
            "{file}: a picture past the last step"
        );
        let out = dir.join("render.svg");
        let step = last.to_string();
        let r = keyfall(&[
            "render",
            &lesson.id,
            "--step",
            &step,
            "-o",
            &out.to_string_lossy(),
        ]);
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
        assert_eq!(
            std::fs::read(dir.join(format!("{}-{last}.svg", lesson.id))).expect("preview"),
            std::fs::read(&out).expect("render"),
            "{file}: the preview of its last step differs from render's"
        );
    }
    let written = std::fs::read_dir(&dir).expect("dir").count() - 1;
    assert_eq!(written, expected);
    std::fs::remove_dir_all(&dir).ok();
}

/// `keyfall handout`: the same bytes every time, and the same page `keyfall handouts` writes for
/// that lesson; a file that does not parse is reported with its line and column, nothing written.
#[test]
fn handout_writes_one_page_per_lesson_the_same_every_time() {
    let dir = std::env::temp_dir().join(format!("keyfall-handout-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let page = |name: &str| {
        let out = dir.join(name);
        let o = keyfall(&["handout", "03", "-o", &out.to_string_lossy()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        std::fs::read_to_string(&out).expect("written")
    };
    let a = page("a.html");
    assert_eq!(a, page("b.html"));
    assert!(a.starts_with("<!DOCTYPE html>") && a.contains("<h1>Delete the KEK</h1>"));
    let all = dir.join("all");
    let o = keyfall(&["handouts", "-o", &all.to_string_lossy()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read_to_string(all.join("03.html")).expect("03"), a);
    assert_eq!(
        std::fs::read_dir(&all).expect("dir").count(),
        keyfall_core::builtin_lessons().len()
    );
    let bad = dir.join("bad.kf");
    std::fs::write(
        &bad,
        "az group create --name rg --location westeurope\naz keyvault frobnicate\n",
    )
    .expect("write");
    let out = dir.join("bad.html");
    let o = keyfall(&[
        "handout",
        &bad.to_string_lossy(),
        "-o",
        &out.to_string_lossy(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains(":2:"), "{o:?}");
    assert!(!out.exists());
    let _ = std::fs::remove_dir_all(&dir);
}
