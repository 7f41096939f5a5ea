//! `az keyvault key download` and `az keyvault secret download`: a read of the object as `show`
//! makes it (R9, R11), written to a local file az refuses to overwrite.

mod common;

use common::*;
use keyfall_core::*;

fn az(text: &str) -> Command {
    match parse_line(text) {
        Ok(Some(c)) => c,
        other => panic!("{text}: {other:?}"),
    }
}

fn key_download(file: &str) -> Command {
    az(&format!(
        "az keyvault key download --vault-name kv --name kek --file {file}"
    ))
}

fn secret_download(file: &str) -> Command {
    az(&format!(
        "az keyvault secret download --vault-name kv --name s --file {file}"
    ))
}

fn has_file(l: &Lab, name: &str) -> bool {
    l.w.files().any(|f| f == name)
}

/// The operations the vault audited since `before`.
fn audited_since(l: &Lab, before: usize) -> Vec<String> {
    l.w.audit()[before..]
        .iter()
        .map(|a| a.operation_name.clone())
        .collect()
}

/// `c` stops in az with `message`, before any call reaches the vault.
#[track_caller]
fn refused_before_any_call(l: &mut Lab, c: Command, message: &str) {
    let before = l.w.audit().len();
    let e = l.code(c, ErrorCode::CliError);
    assert_eq!(e.message, message);
    assert!(audited_since(l, before).is_empty(), "no call was made");
}

#[test]
fn r9_download_needs_get_in_an_access_policy_vault_as_show_does() {
    // R9: a key download is keys/get, a secret download secrets/get.
    // The admin's policy holds only `key` and `secret`.
    let only = |l: &mut Lab, key: KeyPerm, secret: SecretPerm| {
        l.ok(set_policy("kv", ADMIN, Some(vec![key]), Some(vec![secret])));
    };
    let mut l = Lab::ade();
    l.ok(secret_set("kv", "s", "v"));
    only(&mut l, KeyPerm::List, SecretPerm::List);
    l.code(key_download("kek.pem"), ErrorCode::ForbiddenByPolicy);
    l.code(secret_download("s.txt"), ErrorCode::ForbiddenByPolicy);
    assert!(
        !has_file(&l, "kek.pem") && !has_file(&l, "s.txt"),
        "a refused download writes no file"
    );
    only(&mut l, KeyPerm::Get, SecretPerm::Get);
    l.ok(key_download("kek.pem"));
    l.ok(secret_download("s.txt"));
    assert!(has_file(&l, "kek.pem") && has_file(&l, "s.txt"));
}

#[test]
fn r11_download_needs_a_read_role_in_an_rbac_vault() {
    // R11: keys/read for a key, secrets/getSecret/action for a secret value; a Reader sees
    // metadata only, so it may download the public key but not the secret.
    let mut l = Lab::new();
    l.ok(az(
        "az keyvault create --name kv --resource-group rg --location westeurope",
    ));
    l.ok(az(
        "az role assignment create --assignee admin@contoso.com --role \"Key Vault Administrator\" --scope kv",
    ));
    l.ok(az("az keyvault key create --vault-name kv --name kek"));
    l.ok(az(
        "az keyvault secret set --vault-name kv --name s --value v",
    ));
    l.ok(az(
        "az role assignment delete --assignee admin@contoso.com --role \"Key Vault Administrator\" --scope kv",
    ));
    for (download, action) in [
        (key_download("kek.pem"), "keys/read"),
        (secret_download("s.txt"), "secrets/getSecret/action"),
    ] {
        let e = l.code(download, ErrorCode::ForbiddenByRbac);
        let missing = e.denied.expect("denied").missing.to_string();
        assert_eq!(missing, format!("Microsoft.KeyVault/vaults/{action}"));
    }
    l.ok(az(
        "az role assignment create --assignee admin@contoso.com --role \"Key Vault Reader\" --scope kv",
    ));
    l.ok(key_download("kek.pem"));
    l.code(secret_download("s.txt"), ErrorCode::ForbiddenByRbac);
}

#[test]
fn download_refuses_an_existing_file_before_calling_the_vault() {
    // azure-cli `download_key`/`download_secret` check the path first. Backups and downloads
    // share the one local disk.
    let mut l = Lab::ade();
    l.ok(az(
        "az keyvault key backup --vault-name kv --name kek --file kek.pem",
    ));
    refused_before_any_call(
        &mut l,
        key_download("kek.pem"),
        "File or directory named 'kek.pem' already exists.",
    );
    // The backup is untouched: it still restores.
    l.ok(vault_create("kv2", "westeurope"));
    l.ok(az(
        "az keyvault key restore --vault-name kv2 --file kek.pem",
    ));
    l.ok(key_download("kek2.pem"));
    l.code(key_download("kek2.pem"), ErrorCode::CliError);
    // A downloaded public key is no backup blob.
    l.code(
        az("az keyvault key restore --vault-name kv2 --file kek2.pem"),
        ErrorCode::BackupBlobInvalid,
    );
}

#[test]
fn secret_download_says_so_and_overwrites_when_asked() {
    // azure-cli `download_secret(..., overwrite=False)`: "File '{}' already exists. Use
    // --overwrite to overwrite the existing file."; `download_key` has no --overwrite.
    let mut l = Lab::ade();
    l.ok(secret_set("kv", "s", "v"));
    l.ok(secret_download("s.txt"));
    refused_before_any_call(
        &mut l,
        secret_download("s.txt"),
        "File 's.txt' already exists. Use --overwrite to overwrite the existing file.",
    );
    let before = l.w.audit().len();
    l.ok(az(
        "az keyvault secret download --vault-name kv --name s --file s.txt --overwrite",
    ));
    assert_eq!(audited_since(&l, before), ["SecretGet"]);
    assert!(
        parse_line("az keyvault key download --vault-name kv -n k -f k.pem --overwrite").is_err()
    );
}

#[test]
fn download_reads_as_show_does_deleted_and_disabled_alike() {
    // R20: a soft-deleted key is not found; R7: a disabled secret version is refused as show
    // refuses it. The audit holds the same operation as show's.
    let mut l = Lab::ade();
    l.ok(secret_set("kv", "s", "v"));
    let before = l.w.audit().len();
    l.ok(key_download("a.pem"));
    l.ok(secret_download("a.txt"));
    let downloads = audited_since(&l, before);
    let before = l.w.audit().len();
    l.ok(az("az keyvault key show --vault-name kv --name kek"));
    l.ok(az("az keyvault secret show --vault-name kv --name s"));
    assert_eq!(downloads, audited_since(&l, before));

    l.ok(az(
        "az keyvault secret set-attributes --vault-name kv --name s --enabled false",
    ));
    let shown = l.err(az("az keyvault secret show --vault-name kv --name s"));
    let downloaded = l.err(secret_download("b.txt"));
    assert_eq!(shown.code, downloaded.code);

    l.ok(key_delete("kv", "kek"));
    l.code(key_download("b.pem"), ErrorCode::KeyNotFound);
    assert!(!has_file(&l, "b.pem"));
}

#[test]
fn download_by_versioned_id_reads_that_version() {
    let mut l = Lab::ade();
    let first = l.vault("kv").keys["kek"].versions[0].id.clone();
    l.ok(key_create("kv", "kek"));
    l.ok(az(&format!(
        "az keyvault key download --id https://kv.vault.azure.net/keys/kek/{first} -f v1.der -e DER"
    )));
    l.code(
        az("az keyvault key download --id https://kv.vault.azure.net/keys/kek/0000 -f v0.der"),
        ErrorCode::KeyNotFound,
    );
    l.ok(az(
        "az keyvault secret set --vault-name kv --name s --value v",
    ));
    l.ok(az(
        "az keyvault secret download --id https://kv.vault.azure.net/secrets/s -f s.bin -e base64",
    ));
}

#[test]
fn download_lines_print_back_as_they_parse() {
    for line in [
        "az keyvault key download --vault-name kv --name kek --file kek.pem",
        "az keyvault key download --vault-name kv --name kek --version @1 --file kek.der --encoding DER",
        "az keyvault secret download --vault-name kv --name s --file s.txt --encoding hex",
        "az keyvault secret download --vault-name kv --name s --file s.txt --overwrite",
    ] {
        let c = az(line);
        assert_eq!(c.to_string(), line);
        assert_eq!(az(&c.to_string()), c);
    }
    // Short forms and another case print long, with az's spelling of the encoding.
    assert_eq!(
        az("az keyvault secret download --vault-name kv -n s -f s.txt -e UTF-8").to_string(),
        "az keyvault secret download --vault-name kv --name s --file s.txt --encoding utf-8"
    );
    // Each kind takes its own encodings.
    let e = parse_line("az keyvault key download --vault-name kv -n k -f k.pem -e hex")
        .expect_err("hex is no key encoding");
    assert!(e.message.contains("PEM, DER"), "{}", e.message);
    assert!(
        parse_line("az keyvault secret download --vault-name kv -n s -f s.pem -e PEM").is_err()
    );
    assert!(parse_line("az keyvault key download --vault-name kv -n k").is_err());
}

#[test]
fn download_prints_nothing_in_any_output_format() {
    let mut r = Runner::new(1);
    let setup = "az group create -n rg -l westeurope\n\
                 az keyvault create -n kv -g rg --enable-rbac-authorization false\n\
                 az keyvault key create --vault-name kv -n kek\n";
    assert_eq!(r.run_text(1, setup).error, None);
    // No `-o` is az's default, JSON.
    for (i, format) in ["", "-o json", "-o tsv", "-o table", "-o yaml"]
        .iter()
        .enumerate()
    {
        let ran = r.run_text(
            1,
            &format!("az keyvault key download --vault-name KV -n KEK -f k{i}.pem {format}"),
        );
        let rec = ran.records.last().expect("ran");
        assert!(rec.ok, "{}", rec.outcome());
        assert!(rec.output.is_empty(), "{format}: {:?}", rec.output);
    }
}
