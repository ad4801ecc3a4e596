/* item_store.c — being written. */
#include "store/item_store.h"
