DROP TABLE IF EXISTS skill_reminders;
