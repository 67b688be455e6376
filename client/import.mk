## client/ import: the importer contract (import.c), NetworkManager, Apple, profile_write.
