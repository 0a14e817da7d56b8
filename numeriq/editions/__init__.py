"""The edition: model, Markdown source format, French typography and rendering."""
