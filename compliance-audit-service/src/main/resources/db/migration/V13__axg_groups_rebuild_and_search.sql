-- AXG groups (ADR 0024). The lease rebuild puts an AXG binding back with its group: holding keeps
-- the group an AXG binding holds (NULL for every other mode), filled here for the AXG bindings
-- ledgered before this column (AXG came with issue 15: only ledger rows since the first AXG lease
-- are read).
ALTER TABLE holding ADD COLUMN group_id varchar(32);
UPDATE holding h SET group_id = (l.details::jsonb) ->> 'groupId'
  FROM ledger l
 WHERE h.mode = 'AXG' AND l.binding_id = h.binding_id AND l.type = 'BINDING_CREATED'
   AND l.occurred_at >= (SELECT min(leased_at) FROM holding WHERE mode = 'AXG');

-- The rebuild folds the GROUP_* entries, in their order, into the groups live now; party search
-- finds the groups a phone was a member of by its blind index in details' memberIndexes. Partial
-- indexes: only those entries, so they cost the ledger's other rows nothing.
CREATE INDEX ledger_group ON ledger (((details::jsonb) ->> 'groupId'), seq)
  WHERE type IN ('GROUP_CREATED', 'GROUP_MEMBERS_ADDED', 'GROUP_MEMBERS_REMOVED', 'GROUP_DELETED');
CREATE INDEX ledger_group_member ON ledger USING gin (string_to_array((details::jsonb) ->> 'memberIndexes', ','))
  WHERE type IN ('GROUP_CREATED', 'GROUP_MEMBERS_ADDED', 'GROUP_MEMBERS_REMOVED');
-- Party search: the AXG bindings of a group a phone was a member of.
CREATE INDEX holding_group ON holding (group_id) WHERE group_id IS NOT NULL;
