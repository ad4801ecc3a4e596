/* api_items.c — being written. */
#include "web/pages.h"
