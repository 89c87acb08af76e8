-- Step 2b, the industry benchmark: the organization's industry and size,
-- as the DORA Quick Check data groups teams (the keys of the newest
-- edition, internal/roadmap/data/dora-benchmarks.json; roadmap.OrgProfile
-- validates the same list). NULL: not chosen yet, and the KPI page asks.
-- The columns live on organizations, so its row security covers them.
ALTER TABLE organizations
    ADD COLUMN industry text CHECK (industry IN ('consumer', 'media_entertainment', 'non_profit', 'technology',
        'telecommunications', 'other', 'education', 'financial_services', 'healthcare_pharmaceuticals', 'energy',
        'government', 'insurance', 'industrials_manufacturing')),
    ADD COLUMN size text CHECK (size IN ('solo', 'fewer_than_10', 'fewer_than_100', 'fewer_than_500', 'fewer_than_1000',
        'fewer_than_5000', 'fewer_than_10000', 'more_than_9999'));
