DROP INDEX IF EXISTS stack_items_name_unique;
