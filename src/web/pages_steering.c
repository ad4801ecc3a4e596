/* pages_steering.c — being written. */
#include "web/pages.h"
