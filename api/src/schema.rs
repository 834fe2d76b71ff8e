//! The database tables, as diesel sees them; mirrors `migrations/{sqlite,postgres}`.

diesel::table! {
    hubs (id) {
        id -> Text,
        slug -> Text,
        name -> Text,
        summary -> Text,
        description -> Text,
        country -> Text,
        city -> Nullable<Text>,
        modality -> Text,
        status -> Text,
        start_date -> Date,
        end_date -> Date,
        search_text -> Text,
        sort_name -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        // NOT NULL on PostgreSQL; SQLite could not add the constraint to an existing table.
        lead_organisation_id -> Nullable<Text>,
        label_granted_on -> Nullable<Date>,
        proposal_id -> Nullable<Text>,
        resources -> Text,
    }
}

diesel::table! {
    hub_sdgs (hub_id, goal) {
        hub_id -> Text,
        goal -> Integer,
    }
}

diesel::table! {
    organisations (id) {
        id -> Text,
        name -> Text,
        kind -> Text,
        country -> Text,
        region -> Text,
        website -> Nullable<Text>,
        search_text -> Text,
        sort_name -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    hub_partners (hub_id, organisation_id) {
        hub_id -> Text,
        organisation_id -> Text,
    }
}

diesel::joinable!(hub_sdgs -> hubs (hub_id));
diesel::joinable!(hub_partners -> hubs (hub_id));
diesel::joinable!(hub_partners -> organisations (organisation_id));
diesel::joinable!(hubs -> organisations (lead_organisation_id));

diesel::table! {
    deliverables (id) {
        id -> Text,
        hub_id -> Text,
        title -> Text,
        description -> Text,
        kind -> Text,
        due_date -> Date,
        status -> Text,
        delivered_on -> Nullable<Date>,
        evidence_url -> Nullable<Text>,
        sort_title -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(deliverables -> hubs (hub_id));

diesel::table! {
    stakeholders (id) {
        id -> Text,
        hub_id -> Text,
        name -> Text,
        kind -> Text,
        role -> Text,
        took_part_in_criteria -> Bool,
        contact_email -> Nullable<Text>,
        contact_phone -> Nullable<Text>,
        sort_name -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(stakeholders -> hubs (hub_id));

diesel::table! {
    indicators (id) {
        id -> Text,
        hub_id -> Text,
        name -> Text,
        description -> Text,
        dimension -> Text,
        unit -> Text,
        direction -> Text,
        baseline_value -> Double,
        baseline_date -> Date,
        target_value -> Double,
        target_date -> Date,
        sdg_target -> Nullable<Text>,
        disaggregations -> Text,
        agreed_on -> Nullable<Date>,
        sort_name -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        latest_value -> Nullable<Double>,
        latest_measured_on -> Nullable<Date>,
        last_recorded_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    indicator_agreements (indicator_id, stakeholder_id) {
        indicator_id -> Text,
        stakeholder_id -> Text,
    }
}

diesel::table! {
    measurements (id) {
        id -> Text,
        indicator_id -> Text,
        value -> Double,
        measured_on -> Date,
        source -> Text,
        note -> Text,
        disaggregation -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(indicators -> hubs (hub_id));
diesel::joinable!(indicator_agreements -> indicators (indicator_id));
diesel::joinable!(indicator_agreements -> stakeholders (stakeholder_id));
diesel::joinable!(measurements -> indicators (indicator_id));

diesel::table! {
    hub_connections (id) {
        id -> Text,
        hub_id -> Text,
        other_hub_id -> Text,
        kind -> Text,
        description -> Text,
        pair_key -> Text,
        created_at -> Timestamp,
        state -> Text,
        decided_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    activities (id) {
        id -> Text,
        hub_id -> Text,
        kind -> Text,
        title -> Text,
        description -> Text,
        date -> Date,
        place -> Nullable<Text>,
        url -> Nullable<Text>,
        venice_edition -> Nullable<Integer>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(activities -> hubs (hub_id));

diesel::table! {
    manifestos (key) {
        key -> Text,
        name_en -> Text,
        name_fr -> Text,
        name_es -> Text,
        position -> Integer,
    }
}

diesel::table! {
    policy_councils (id) {
        id -> Text,
        name_en -> Text,
        name_fr -> Text,
        name_es -> Text,
        active -> Bool,
        position -> Integer,
    }
}

diesel::table! {
    hub_sdg_targets (hub_id, code) {
        hub_id -> Text,
        code -> Text,
    }
}

diesel::table! {
    hub_manifestos (hub_id, manifesto_key) {
        hub_id -> Text,
        manifesto_key -> Text,
    }
}

diesel::table! {
    hub_policy_councils (hub_id, policy_council_id) {
        hub_id -> Text,
        policy_council_id -> Text,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        email_folded -> Text,
        display_name -> Text,
        language -> Text,
        password_hash -> Text,
        active -> Bool,
        session_epoch -> BigInt,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    user_roles (user_id, role) {
        user_id -> Text,
        role -> Text,
    }
}

diesel::table! {
    user_organisations (user_id, organisation_id) {
        user_id -> Text,
        organisation_id -> Text,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        user_id -> Text,
        family_id -> Text,
        secret_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    api_keys (id) {
        id -> Text,
        name -> Text,
        prefix -> Text,
        secret_hash -> Text,
        scopes -> Text,
        organisation_id -> Nullable<Text>,
        created_by -> Text,
        expires_at -> Nullable<Timestamp>,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    audit_events (id) {
        id -> Text,
        at -> Timestamp,
        actor_kind -> Text,
        actor_id -> Nullable<Text>,
        actor_name -> Text,
        entity -> Text,
        entity_id -> Text,
        action -> Text,
        hub_id -> Nullable<Text>,
        changes -> Text,
    }
}

diesel::table! {
    calls (id) {
        id -> Text,
        title -> Text,
        description -> Text,
        opens_on -> Date,
        closes_on -> Date,
        sdgs -> Text,
        manifestos -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    proposals (id) {
        id -> Text,
        call_id -> Text,
        organisation_id -> Text,
        state -> Text,
        content -> Text,
        hub_id -> Nullable<Text>,
        submitted_at -> Nullable<Timestamp>,
        decided_at -> Nullable<Timestamp>,
        decision_reason -> Nullable<Text>,
        created_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    proposal_reviewers (proposal_id, reviewer_id) {
        proposal_id -> Text,
        reviewer_id -> Text,
        assigned_at -> Timestamp,
    }
}

diesel::table! {
    reviews (id) {
        id -> Text,
        proposal_id -> Text,
        reviewer_id -> Text,
        scores -> Text,
        recommendation -> Text,
        comment -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    events (id) {
        id -> Text,
        kind -> Text,
        at -> Timestamp,
        proposal_id -> Nullable<Text>,
        hub_id -> Nullable<Text>,
        data -> Text,
    }
}

diesel::joinable!(user_roles -> users (user_id));
diesel::joinable!(user_organisations -> users (user_id));
diesel::joinable!(user_organisations -> organisations (organisation_id));

diesel::table! {
    data_generation (id) {
        id -> Integer,
        generation -> BigInt,
    }
}

diesel::table! {
    reports (id) {
        id -> Text,
        hub_id -> Text,
        state -> Text,
        period_start -> Date,
        period_end -> Date,
        achievements -> Text,
        challenges -> Text,
        next_steps -> Text,
        deliverable_ids -> Text,
        activity_ids -> Text,
        links -> Text,
        snapshot -> Nullable<Text>,
        submitted_at -> Nullable<Timestamp>,
        decided_at -> Nullable<Timestamp>,
        decided_by -> Nullable<Text>,
        comments -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(reports -> hubs (hub_id));

diesel::table! {
    recommendations (id) {
        id -> Text,
        policy_council_id -> Text,
        title_en -> Text,
        title_fr -> Text,
        title_es -> Text,
        text_en -> Text,
        text_fr -> Text,
        text_es -> Text,
        presented_event -> Nullable<Text>,
        presented_on -> Nullable<Date>,
        state -> Text,
        published_at -> Nullable<Timestamp>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    recommendation_citations (recommendation_id, position) {
        recommendation_id -> Text,
        position -> Integer,
        kind -> Text,
        target_id -> Text,
        hub_id -> Text,
        note -> Text,
    }
}

diesel::joinable!(recommendation_citations -> recommendations (recommendation_id));

diesel::table! {
    webhooks (id) {
        id -> Text,
        url -> Text,
        description -> Text,
        events -> Text,
        organisation_id -> Nullable<Text>,
        state -> Text,
        disabled_reason -> Nullable<Text>,
        secret -> Text,
        previous_secret -> Nullable<Text>,
        previous_secret_until -> Nullable<Timestamp>,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Text,
        webhook_id -> Text,
        event_id -> Text,
        state -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        leased_until -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    webhook_attempts (id) {
        id -> Text,
        delivery_id -> Text,
        at -> Timestamp,
        duration_ms -> BigInt,
        response_status -> Nullable<Integer>,
        response_excerpt -> Text,
        error -> Nullable<Text>,
    }
}

diesel::joinable!(webhook_deliveries -> webhooks (webhook_id));
diesel::joinable!(webhook_deliveries -> events (event_id));
diesel::joinable!(webhook_attempts -> webhook_deliveries (delivery_id));

diesel::table! {
    attempt_counts (key, window_start) {
        key -> Text,
        window_start -> Timestamp,
        count -> BigInt,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    attempt_counts,
    webhooks,
    webhook_deliveries,
    webhook_attempts,
    hubs,
    reports,
    recommendations,
    recommendation_citations,
    hub_sdgs,
    hub_partners,
    organisations,
    deliverables,
    stakeholders,
    indicators,
    indicator_agreements,
    measurements,
    hub_connections,
    activities,
    manifestos,
    policy_councils,
    hub_sdg_targets,
    hub_manifestos,
    hub_policy_councils,
    users,
    user_roles,
    user_organisations,
    refresh_tokens,
    api_keys,
    audit_events,
    calls,
    proposals,
    proposal_reviewers,
    reviews,
    events,
);
