/* placeholder: access_store.c — being written */
