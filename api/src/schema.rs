//! The database tables, as diesel sees them; mirrors `migrations/{sqlite,postgres}`.

diesel::table! {
    hubs (id) {
        id -> Text,
        slug -> Text,
        name -> Text,
        summary -> Text,
        description -> Text,
        lead_organisation_name -> Text,
        lead_organisation_country -> Text,
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
    }
}

diesel::table! {
    hub_sdgs (hub_id, goal) {
        hub_id -> Text,
        goal -> Integer,
    }
}

diesel::joinable!(hub_sdgs -> hubs (hub_id));
diesel::allow_tables_to_appear_in_same_query!(hubs, hub_sdgs);
