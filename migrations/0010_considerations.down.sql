DROP TABLE IF EXISTS stack_considerations;
