fn main() {
    println!("cargo:rerun-if-changed=page");
    tauri_build::build();
}
