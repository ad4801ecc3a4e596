/* change_log.c — being written. */
#include "store/change_log.h"
