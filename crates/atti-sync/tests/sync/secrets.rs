//! The keyring store on the real Secret Service backend (gnome-keyring in a private D-Bus
//! session): set in one process, read back and deleted in another.

use std::process::Command;

use atti_core::Sensitive;
use atti_sync::secrets::{KeyringStore, SecretStore};
use atti_sync::testkit::require_tool;

use crate::child;

const SERVICE: &str = "it.comune.atti.test";
const ACCOUNT: &str = "server:protocollo@127.0.0.1";

/// Child side: `ATTI_SYNC_KEYRING_PHASE` = set | get.
pub(crate) fn keyring_child() {
    let store = KeyringStore::new(SERVICE);
    let secret = std::env::var("ATTI_SYNC_SECRET").expect("secret");
    match std::env::var("ATTI_SYNC_KEYRING_PHASE").as_deref() {
        Ok("set") => {
            assert!(store.get(ACCOUNT).expect("get before set").is_none());
            store
                .set(ACCOUNT, &Sensitive::new(secret.clone()))
                .expect("set");
            println!("keyring set");
        }
        Ok("get") => {
            let got = store
                .get(ACCOUNT)
                .expect("get")
                .expect("stored by the other process");
            assert_eq!(got.expose(), &secret);
            println!("keyring read {got:?}");
            store.delete(ACCOUNT).expect("delete");
            assert!(store.get(ACCOUNT).expect("get after delete").is_none());
            store.delete(ACCOUNT).expect("delete twice is fine");
            println!("keyring deleted");
        }
        other => panic!("phase {other:?}"),
    }
}

#[test]
fn keyring_store_on_secret_service() {
    for tool in ["dbus-run-session", "gnome-keyring-daemon"] {
        require_tool(tool);
    }
    let home = tempfile::tempdir().expect("home");
    let runtime_dir = home.path().join("run");
    std::fs::create_dir_all(&runtime_dir).expect("runtime dir");
    let secret = format!("Parola-{:016x}", fastrand::u64(..));
    let probe = child::command("keyring");
    let exe = probe.get_program().to_owned();
    let args: Vec<_> = probe.get_args().map(|a| a.to_owned()).collect();
    // One private session bus; gnome-keyring unlocked with a throw-away password from stdin;
    // then two separate processes: the second reads what the first stored.
    let script = r#"printf 'unlock' | gnome-keyring-daemon --unlock --components=secrets >/dev/null || exit 97
ATTI_SYNC_KEYRING_PHASE=set "$@" && ATTI_SYNC_KEYRING_PHASE=get "$@""#;
    let out = Command::new("dbus-run-session")
        .args(["--", "sh", "-c", script, "sh"])
        .arg(&exe)
        .args(&args)
        .env("ATTI_SYNC_CHILD", "keyring")
        .env("ATTI_SYNC_SECRET", &secret)
        .env("HOME", home.path())
        .env("XDG_RUNTIME_DIR", &runtime_dir)
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .output()
        .expect("dbus-run-session");
    let lines = child::lines(&out, "keyring ");
    assert_eq!(lines, ["set", "read <redacted>", "deleted"]);
    // The secret went to the keyring's file, encrypted; it never reached an output.
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!all.contains(&secret), "secret printed: {all}");
    let keyrings = home.path().join("data/keyrings");
    assert!(
        keyrings.join("login.keyring").is_file(),
        "no persistent keyring file"
    );
}
