/* pages_risks.c — being written. */
#include "web/pages.h"
