//! Entry point that Trunk builds: mount the app on `<body>`, or the speaker-notes window when
//! presenter mode opened this page as `?notes`.

fn main() {
    let search = gloo::utils::window()
        .location()
        .search()
        .unwrap_or_default();
    if keyfall_web::hooks::boot::query_param(&search, "notes").is_some() {
        yew::Renderer::<keyfall_web::NotesWindow>::new().render();
    } else {
        yew::Renderer::<keyfall_web::App>::new().render();
    }
}
