"""Page generators: each turns :class:`tracker.site.data.SiteData` into :class:`tracker.site.data.Page`s."""
