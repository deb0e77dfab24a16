-- A follow or an unfollow in one round trip (docs/writes.md). It is the transaction
-- following.ts ran statement by statement, run inside the server: identify the caller by its
-- token's digest and judge it under the route's policy (compiled to data by
-- follows/follow-statement.ts), find the target, lock both users in the LOCK ORDER of
-- users/repository.ts, apply the rules, write the edge and both counters, and answer.
-- It is a VOLATILE plpgsql function rather than one data-modifying CTE because each statement
-- in it reads a fresh snapshot (READ COMMITTED): once both users are locked, a block or a
-- moderation that committed while this call waited for them is seen, as it was in the
-- transaction. A CTE reads one snapshot taken before it waited.
CREATE FUNCTION follow_graph_toggle(
  p_follow boolean,
  -- The caller: a token's digest, or (trusted, or identified earlier) the acting user's id.
  p_digest bytea,
  p_actor_id bigint,
  -- The policy: today's date (a token expiring today is expired), the owner states refused
  -- (a JSON array), whether only administrators pass, and the scope checks as groups of scope sets: each
  -- group is passed when the token's scopes contain one of its sets.
  p_today date,
  p_refused_states jsonb,
  p_admin_only boolean,
  p_scope_groups jsonb,
  -- The target, by id or by username; and the route's rules.
  p_target_id bigint,
  p_target_username text,
  p_visible_only boolean,
  p_followee_limit integer
) RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  caller jsonb;
  admitted boolean;
  actor_id bigint := p_actor_id;
  target_id bigint := p_target_id;
  actor users%ROWTYPE;
  target users%ROWTYPE;
  actor_followee_rows integer;
  locked record;
  changed integer;
  step integer;
  outcome text;
BEGIN
  IF p_digest IS NOT NULL THEN
    SELECT t.user_id,
        jsonb_build_object('token', to_jsonb(t) - 'digest', 'user', to_jsonb(u)),
        t.revoked_at IS NULL
          AND (t.expires_at IS NULL OR t.expires_at > p_today)
          AND NOT (p_refused_states ? u.state)
          AND (u.is_admin OR NOT p_admin_only)
          AND NOT EXISTS (
            SELECT 1 FROM jsonb_array_elements(p_scope_groups) AS g(sets)
            WHERE NOT EXISTS (
              SELECT 1 FROM jsonb_array_elements(g.sets) AS s(scopes)
              WHERE t.scopes @> ARRAY(SELECT jsonb_array_elements_text(s.scopes))))
      INTO actor_id, caller, admitted
      FROM tokens t JOIN users u ON u.id = t.user_id
      WHERE t.digest = p_digest;
    -- The caller's refusal is worded by the core from the token returned; nothing is written.
    IF admitted IS NOT TRUE THEN
      RETURN jsonb_build_object('caller', caller, 'admitted', false);
    END IF;
  END IF;

  IF target_id IS NULL THEN
    SELECT u.id INTO target_id FROM users u WHERE lower(u.username) = lower(p_target_username);
    IF target_id IS NULL THEN
      RETURN jsonb_build_object('caller', caller, 'admitted', true, 'outcome', 'not_found');
    END IF;
  END IF;

  -- Following oneself is a no-op that locks nothing.
  IF actor_id = target_id THEN
    SELECT u.* INTO target FROM users u WHERE u.id = target_id;
    RETURN jsonb_build_object('caller', caller, 'admitted', true,
      'outcome', CASE WHEN target.id IS NULL THEN 'not_found'
        WHEN p_follow THEN 'self' ELSE 'not_following' END,
      'target', CASE WHEN target.id IS NULL THEN NULL ELSE to_jsonb(target) END);
  END IF;

  -- Counter row, then user row, of both users in ascending id, in one statement (LOCK ORDER);
  -- the rows come back as they are once held.
  FOR locked IN
    SELECT u AS usr, c.followee_rows
    FROM user_counters c JOIN users u ON u.id = c.user_id
    WHERE c.user_id IN (actor_id, target_id)
    ORDER BY c.user_id
    FOR NO KEY UPDATE OF c, u
  LOOP
    IF (locked.usr).id = actor_id THEN
      actor := locked.usr;
      actor_followee_rows := locked.followee_rows;
    ELSE
      target := locked.usr;
    END IF;
  END LOOP;
  IF actor.id IS NULL OR target.id IS NULL
    OR (p_visible_only AND target.state IN ('blocked', 'banned') AND NOT actor.is_admin) THEN
    RETURN jsonb_build_object('caller', caller, 'admitted', true, 'outcome', 'not_found');
  END IF;

  IF p_follow THEN
    -- Either user blocking the other keeps every edge between them away, as on GitHub.
    IF EXISTS (SELECT 1 FROM user_blocks b
        WHERE (b.blocker_id = actor_id AND b.blocked_id = target_id)
          OR (b.blocker_id = target_id AND b.blocked_id = actor_id)) THEN
      outcome := 'blocked';
    ELSIF NOT actor.following_enabled OR NOT target.following_enabled THEN
      outcome := 'following_disabled';
    -- The cap is checked before uniqueness, as GitLab does.
    ELSIF p_followee_limit IS NOT NULL AND actor_followee_rows >= p_followee_limit THEN
      outcome := 'limit_reached';
    ELSE
      INSERT INTO follows (follower_id, followee_id) VALUES (actor_id, target_id) ON CONFLICT DO NOTHING;
      GET DIAGNOSTICS changed = ROW_COUNT;
      outcome := CASE WHEN changed > 0 THEN 'created' ELSE 'already_following' END;
    END IF;
  ELSE
    DELETE FROM follows f WHERE f.follower_id = actor_id AND f.followee_id = target_id;
    GET DIAGNOSTICS changed = ROW_COUNT;
    outcome := CASE WHEN changed > 0 THEN 'removed' ELSE 'not_following' END;
  END IF;

  -- Only active users count in the listed counters; every edge counts in the rows.
  IF outcome IN ('created', 'removed') THEN
    step := CASE WHEN p_follow THEN 1 ELSE -1 END;
    UPDATE user_counters c
      SET followers = c.followers + step * d.followers, following = c.following + step * d.following,
        followee_rows = c.followee_rows + step * d.followee_rows,
        follower_rows = c.follower_rows + step * d.follower_rows
      FROM (VALUES
        (actor_id, 0, CASE WHEN target.state = 'active' THEN 1 ELSE 0 END, 1, 0),
        (target_id, CASE WHEN actor.state = 'active' THEN 1 ELSE 0 END, 0, 0, 1)
      ) AS d(user_id, followers, following, followee_rows, follower_rows)
      WHERE c.user_id = d.user_id;
  END IF;

  RETURN jsonb_build_object('caller', caller, 'admitted', true, 'outcome', outcome, 'target', to_jsonb(target));
END
$$;
