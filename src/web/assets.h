/*
 * assets.h — the static files of web/static/, embedded at build time by
 * scripts/embed.py so that the binary serves everything itself.
 */
#ifndef JALON_ASSETS_H
#define JALON_ASSETS_H

#include <stddef.h>

typedef struct {
	const char *name;
	const unsigned char *data;
	size_t size;
	const char *content_type;
	const char *etag;
} web_asset;

const web_asset *web_asset_find(const char *name);

#endif
