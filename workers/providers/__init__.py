"""Image providers: the offline local preview and remote image-generation APIs."""
