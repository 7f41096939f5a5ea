//! The set-up lines of a pasted Microsoft Learn block: `az login`, `az account set` and
//! `az provider register` run as the no-ops they are here, and az commands outside Keyfall's part
//! of Azure say so, with their line and column, instead of looking like a typo.

use keyfall_core::{Runner, parse_script};

fn run(line: &str) -> keyfall_core::Record {
    let c = keyfall_core::parse_line(line)
        .expect("parses")
        .expect("a command");
    Runner::new(1).run(1, &c)
}

#[test]
fn sign_in_lines_are_accepted_and_change_nothing() {
    for line in [
        "az login",
        "az login --use-device-code --tenant contoso.onmicrosoft.com",
        "az provider register --namespace Microsoft.KeyVault",
        "az provider register -n Microsoft.Compute --wait",
        "az account set --subscription sub1",
        "az account set -s sub1",
    ] {
        let r = run(line);
        assert!(r.ok, "{line}: {}", r.outcome());
        assert!(r.message.contains("nothing to do"), "{line}: {}", r.message);
        assert!(r.events.is_empty(), "{line}: {:?}", r.events);
    }
}

#[test]
fn switching_the_default_subscription_is_refused_not_pretended() {
    let r = run("az account set --subscription 00000000-0000-0000-0000-000000000000");
    assert!(!r.ok);
    assert_eq!(r.code.as_deref(), Some("CliError"));
    assert!(r.message.contains("not modelled"), "{}", r.message);
    assert!(r.message.contains("--subscription"), "{}", r.message);
}

#[test]
fn commands_outside_keyfall_name_what_is_not_modelled_with_line_and_column() {
    // A word that is not az's at all is still a typo, with a suggestion.
    let e = keyfall_core::parse_line("az keyvalt show --name kv").expect_err("typo");
    assert_eq!(e.suggestion.as_deref(), Some("keyvault"));

    let script = "# Learn's quickstart\n\
                  az login\n\
                  az network vnet create --name vnet1 --resource-group rg\n\
                  az keyvault show --name kv\n";
    let e = parse_script(script).expect_err("stops at the network line");
    assert_eq!((e.line, e.column), (3, 4));
    assert!(
        e.message.starts_with(
            "`az network vnet create` is real az, but not modelled in Keyfall (networking)"
        ),
        "{}",
        e.message
    );
    assert_eq!(e.suggestion, None);

    for (line, column, about) in [
        (
            "az storage account create -n sa -g rg",
            4,
            "storage accounts",
        ),
        (
            "az vm open-port --name vm1 -g rg --port 22",
            7,
            "network security rules",
        ),
        ("az aks create -n k -g rg", 4, "Kubernetes clusters"),
        (
            "az keyvault certificate create --vault-name kv -n c",
            13,
            "Key Vault certificates",
        ),
        ("sim as app az storage blob list", 15, "storage accounts"),
    ] {
        let e = keyfall_core::parse_line(line).expect_err(line);
        assert_eq!(e.column, column, "{line}");
        assert!(
            e.message
                .contains(&format!("not modelled in Keyfall ({about})")),
            "{line}: {}",
            e.message
        );
    }
}
