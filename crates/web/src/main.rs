//! Entry point that Trunk builds: mount the app on `<body>`.

fn main() {
    yew::Renderer::<keyfall_web::App>::new().render();
}
