/* placeholder: account_store.c — being written */
