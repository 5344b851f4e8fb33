// Placeholder so the plugin-pinning package has a target.
