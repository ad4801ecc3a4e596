/* placeholder: trash_store.c — being written */
