"""The public face: home, archive, permalinks, feeds, sitemap, subscribe pages."""
