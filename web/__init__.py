"""Package data, installed as `floor.assets`: the Jinja templates and the static files."""
