//! The portable schema: one definition for both backends (ids and times as `Text`/`Timestamp`).

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        email_verified -> Bool,
        password_hash -> Text,
        display_name -> Text,
        preferred_language -> Text,
        role -> Text,
        disabled -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        user_id -> Text,
        created_at -> Timestamp,
        last_used_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        revoked_reason -> Nullable<Text>,
        user_agent -> Nullable<Text>,
        ip -> Nullable<Text>,
    }
}

diesel::table! {
    refresh_tokens (token_hash) {
        token_hash -> Text,
        session_id -> Text,
        created_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    link_tokens (token_hash) {
        token_hash -> Text,
        user_id -> Text,
        purpose -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    login_attempts (id) {
        id -> Text,
        email -> Text,
        ip -> Text,
        succeeded -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    outbox_emails (id) {
        id -> Text,
        to_address -> Text,
        subject -> Text,
        body -> Text,
        created_at -> Timestamp,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        sent_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        redact_after_send -> Bool,
        unsubscribe_url -> Nullable<Text>,
    }
}

diesel::table! {
    rate_limits (key) {
        key -> Text,
        window_start -> Timestamp,
        hits -> Integer,
    }
}

diesel::table! {
    jobs (id) {
        id -> Text,
        kind -> Text,
        payload -> Text,
        run_at -> Timestamp,
        attempts -> Integer,
        locked_until -> Nullable<Timestamp>,
        done_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    wilayas (code) {
        code -> Text,
        number -> Integer,
        name_ar -> Text,
        name_fr -> Text,
        name_en -> Text,
    }
}

diesel::table! {
    dairas (id) {
        id -> Integer,
        wilaya_code -> Text,
        name_ar -> Text,
        name_fr -> Text,
        name_en -> Text,
    }
}

diesel::table! {
    communes (id) {
        id -> Integer,
        wilaya_code -> Text,
        daira_id -> Integer,
        name_ar -> Text,
        name_fr -> Text,
        name_en -> Text,
        postal_code -> Nullable<Text>,
    }
}

diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(refresh_tokens -> sessions (session_id));
diesel::joinable!(link_tokens -> users (user_id));
diesel::joinable!(dairas -> wilayas (wilaya_code));
diesel::joinable!(communes -> dairas (daira_id));

diesel::allow_tables_to_appear_in_same_query!(
    users,
    notification_settings,
    sessions,
    refresh_tokens,
    link_tokens,
    login_attempts,
    outbox_emails,
    wilayas,
    dairas,
    communes,
);

diesel::table! {
    associations (id) {
        id -> Text,
        name_ar -> Nullable<Text>,
        name_fr -> Nullable<Text>,
        name_en -> Nullable<Text>,
        sort_name -> Text,
        acronym -> Nullable<Text>,
        registration_number -> Text,
        category -> Text,
        wilaya_code -> Text,
        commune_id -> Nullable<Integer>,
        address -> Nullable<Text>,
        founded_on -> Nullable<Date>,
        size_band -> Text,
        description_ar -> Nullable<Text>,
        description_fr -> Nullable<Text>,
        description_en -> Nullable<Text>,
        contacts -> Text,
        status -> Text,
        status_reason -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        logo -> Nullable<Text>,
        address_public -> Bool,
    }
}

diesel::table! {
    association_fields (association_id, field) {
        association_id -> Text,
        field -> Text,
    }
}

diesel::table! {
    course_terms (term, course_id) {
        term -> Text,
        course_id -> Text,
    }
}

diesel::table! {
    association_deletions (association_id, deleted_at) {
        association_id -> Text,
        deleted_at -> Timestamp,
    }
}

diesel::table! {
    association_terms (term, association_id) {
        term -> Text,
        association_id -> Text,
        weight -> Integer,
    }
}

diesel::table! {
    association_members (association_id, user_id) {
        association_id -> Text,
        user_id -> Text,
        role -> Text,
        joined_at -> Timestamp,
    }
}

diesel::table! {
    join_requests (id) {
        id -> Text,
        association_id -> Text,
        user_id -> Text,
        message -> Nullable<Text>,
        status -> Text,
        created_at -> Timestamp,
        decided_at -> Nullable<Timestamp>,
        decided_by -> Nullable<Text>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Text,
        actor_id -> Nullable<Text>,
        action -> Text,
        target_type -> Text,
        target_id -> Text,
        reason -> Nullable<Text>,
        created_at -> Timestamp,
        target_name -> Nullable<Text>,
    }
}

diesel::table! {
    notifications (id) {
        id -> Text,
        user_id -> Text,
        kind -> Text,
        association_id -> Nullable<Text>,
        reason -> Nullable<Text>,
        created_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
        course_id -> Nullable<Text>,
        actor_id -> Nullable<Text>,
        consultation_id -> Nullable<Text>,
        proposal_id -> Nullable<Text>,
        project_id -> Nullable<Text>,
        in_app -> Bool,
        digest -> Nullable<Text>,
        digested_at -> Nullable<Timestamp>,
        circle_id -> Nullable<Text>,
        thread_id -> Nullable<Text>,
    }
}

diesel::table! {
    search_index_versions (name) {
        name -> Text,
        version -> Integer,
    }
}

diesel::table! {
    notification_settings (user_id) {
        user_id -> Text,
        email -> Text,
        updated_at -> Timestamp,
        time_zone -> Nullable<Text>,
    }
}

diesel::table! {
    notification_preferences (user_id, topic) {
        user_id -> Text,
        topic -> Text,
        in_app -> Bool,
        email -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    association_invitations (id) {
        id -> Text,
        association_id -> Text,
        email -> Text,
        role -> Text,
        message -> Nullable<Text>,
        status -> Text,
        invited_by -> Nullable<Text>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        decided_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    import_jobs (id) {
        id -> Text,
        created_by -> Nullable<Text>,
        dry_run -> Bool,
        status -> Text,
        total_rows -> BigInt,
        processed_rows -> BigInt,
        created_count -> BigInt,
        errors -> Text,
        created_at -> Timestamp,
        finished_at -> Nullable<Timestamp>,
        notes -> Text,
    }
}

diesel::joinable!(association_fields -> associations (association_id));
diesel::joinable!(association_invitations -> associations (association_id));
diesel::joinable!(association_terms -> associations (association_id));
diesel::joinable!(association_members -> associations (association_id));
diesel::joinable!(association_members -> users (user_id));
diesel::joinable!(join_requests -> associations (association_id));
diesel::joinable!(join_requests -> users (user_id));
diesel::joinable!(audit_log -> users (actor_id));

diesel::allow_tables_to_appear_in_same_query!(
    associations,
    association_deletions,
    association_fields,
    association_terms,
    association_members,
    join_requests,
    association_invitations,
    audit_log,
    notifications,
    users,
);

diesel::table! {
    association_follows (user_id, association_id) {
        user_id -> Text,
        association_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    member_profiles (user_id) {
        user_id -> Text,
        headline -> Nullable<Text>,
        headline_visibility -> Text,
        skills -> Text,
        skills_visibility -> Text,
        bio -> Nullable<Text>,
        bio_visibility -> Text,
        associations_visibility -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    connections (id) {
        id -> Text,
        pair_key -> Text,
        requester_id -> Text,
        addressee_id -> Text,
        status -> Text,
        message -> Nullable<Text>,
        created_at -> Timestamp,
        decided_at -> Nullable<Timestamp>,
        withdrawn -> Bool,
    }
}

diesel::joinable!(association_follows -> associations (association_id));
diesel::joinable!(member_profiles -> users (user_id));

// Pairs only: each pair of tables may be declared once, and the older ones already are.
diesel::allow_tables_to_appear_in_same_query!(association_follows, associations);
diesel::allow_tables_to_appear_in_same_query!(member_profiles, users);

diesel::table! {
    courses (id) {
        id -> Text,
        title_ar -> Nullable<Text>,
        title_fr -> Nullable<Text>,
        title_en -> Nullable<Text>,
        summary_ar -> Nullable<Text>,
        summary_fr -> Nullable<Text>,
        summary_en -> Nullable<Text>,
        search_text -> Text,
        field -> Text,
        level -> Text,
        languages -> Text,
        status -> Text,
        estimated_minutes -> Nullable<Integer>,
        starts_on -> Nullable<Date>,
        ends_on -> Nullable<Date>,
        capacity -> Nullable<Integer>,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        cover -> Nullable<Text>,
    }
}

diesel::table! {
    course_trainers (course_id, user_id) {
        course_id -> Text,
        user_id -> Text,
        added_at -> Timestamp,
    }
}

diesel::table! {
    course_modules (id) {
        id -> Text,
        course_id -> Text,
        position -> Integer,
        title_ar -> Nullable<Text>,
        title_fr -> Nullable<Text>,
        title_en -> Nullable<Text>,
    }
}

diesel::table! {
    course_lessons (id) {
        id -> Text,
        course_id -> Text,
        module_id -> Text,
        position -> Integer,
        kind -> Text,
        title_ar -> Nullable<Text>,
        title_fr -> Nullable<Text>,
        title_en -> Nullable<Text>,
        body_ar -> Nullable<Text>,
        body_fr -> Nullable<Text>,
        body_en -> Nullable<Text>,
        url -> Nullable<Text>,
        required -> Bool,
        estimated_minutes -> Nullable<Integer>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        video -> Nullable<Text>,
        video_bytes -> Nullable<BigInt>,
    }
}

diesel::table! {
    enrolments (course_id, user_id) {
        course_id -> Text,
        user_id -> Text,
        enrolled_at -> Timestamp,
        completed_at -> Nullable<Timestamp>,
        enrolled_by -> Nullable<Text>,
        association_id -> Nullable<Text>,
    }
}

diesel::table! {
    lesson_completions (lesson_id, user_id) {
        lesson_id -> Text,
        user_id -> Text,
        course_id -> Text,
        completed_at -> Timestamp,
    }
}

diesel::table! {
    quizzes (lesson_id) {
        lesson_id -> Text,
        course_id -> Text,
        pass_percent -> Integer,
        max_attempts -> Nullable<Integer>,
        time_limit_minutes -> Nullable<Integer>,
        shuffle -> Bool,
        show_answers -> Bool,
        questions -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    quiz_attempts (id) {
        id -> Text,
        lesson_id -> Text,
        course_id -> Text,
        user_id -> Text,
        question_order -> Text,
        started_at -> Timestamp,
        deadline -> Nullable<Timestamp>,
        submitted_at -> Nullable<Timestamp>,
        answers -> Nullable<Text>,
        score -> Nullable<Integer>,
        max_score -> Nullable<Integer>,
        passed -> Nullable<Bool>,
    }
}

diesel::table! {
    lesson_captions (lesson_id, language) {
        lesson_id -> Text,
        language -> Text,
        storage_key -> Text,
        bytes -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(course_terms -> courses (course_id));
diesel::joinable!(course_trainers -> courses (course_id));
diesel::joinable!(course_trainers -> users (user_id));
diesel::joinable!(course_modules -> courses (course_id));
diesel::joinable!(course_lessons -> course_modules (module_id));
diesel::joinable!(enrolments -> courses (course_id));
diesel::joinable!(enrolments -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    courses,
    course_terms,
    course_trainers,
    course_modules,
    course_lessons,
    enrolments,
    lesson_completions,
    users,
);

diesel::table! {
    certificates (id) {
        id -> Text,
        code -> Text,
        course_id -> Text,
        user_id -> Text,
        holder_name -> Text,
        course_title -> Text,
        issued_at -> Timestamp,
        status_index -> Integer,
        revoked_at -> Nullable<Timestamp>,
        revoked_reason -> Nullable<Text>,
        revoked_by -> Nullable<Text>,
        credential -> Text,
    }
}

diesel::table! {
    institutions (id) {
        id -> Text,
        kind -> Text,
        name_ar -> Nullable<Text>,
        name_fr -> Nullable<Text>,
        name_en -> Nullable<Text>,
        acronym -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    institution_staff (institution_id, user_id) {
        institution_id -> Text,
        user_id -> Text,
        role -> Text,
        added_at -> Timestamp,
    }
}

diesel::table! {
    consultations (id) {
        id -> Text,
        institution_id -> Text,
        title_ar -> Nullable<Text>,
        title_fr -> Nullable<Text>,
        title_en -> Nullable<Text>,
        summary_ar -> Nullable<Text>,
        summary_fr -> Nullable<Text>,
        summary_en -> Nullable<Text>,
        body_ar -> Nullable<Text>,
        body_fr -> Nullable<Text>,
        body_en -> Nullable<Text>,
        respondent -> Text,
        audience -> Text,
        audience_wilayas -> Text,
        audience_fields -> Text,
        status -> Text,
        opens_at -> Timestamp,
        closes_at -> Timestamp,
        allow_edit -> Bool,
        questionnaire -> Text,
        answer_count -> BigInt,
        response_count -> BigInt,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        results_published_at -> Nullable<Timestamp>,
        opened_notified_at -> Nullable<Timestamp>,
        reminded_at -> Nullable<Timestamp>,
        results_notified_at -> Nullable<Timestamp>,
        proposals_enabled -> Bool,
        support_limit -> Nullable<Integer>,
        support_threshold -> Nullable<Integer>,
    }
}

diesel::table! {
    proposals (id) {
        id -> Text,
        consultation_id -> Text,
        author_id -> Text,
        association_id -> Nullable<Text>,
        title -> Text,
        body -> Text,
        wilaya_code -> Nullable<Text>,
        support_count -> BigInt,
        state -> Text,
        answer_state -> Nullable<Text>,
        answer_ar -> Nullable<Text>,
        answer_fr -> Nullable<Text>,
        answer_en -> Nullable<Text>,
        answer_institution_id -> Nullable<Text>,
        answered_at -> Nullable<Timestamp>,
        answer_published_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        routed_institution_id -> Nullable<Text>,
        routed_at -> Nullable<Timestamp>,
        answer_due -> Nullable<Date>,
        comment_count -> BigInt,
        hidden_at -> Nullable<Timestamp>,
        hidden_reason -> Nullable<Text>,
        custom_state -> Nullable<Text>,
        custom_state_institution_id -> Nullable<Text>,
        answer_custom_state -> Nullable<Text>,
    }
}

diesel::table! {
    proposal_states (institution_id, key) {
        institution_id -> Text,
        key -> Text,
        base_state -> Text,
        label_ar -> Nullable<Text>,
        label_fr -> Nullable<Text>,
        label_en -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    proposal_supports (proposal_id, user_id) {
        proposal_id -> Text,
        user_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    proposal_events (id) {
        id -> Text,
        proposal_id -> Text,
        state -> Text,
        created_at -> Timestamp,
        custom_state -> Nullable<Text>,
        institution_id -> Nullable<Text>,
    }
}

diesel::table! {
    proposal_comments (id) {
        id -> Text,
        proposal_id -> Text,
        parent_id -> Nullable<Text>,
        depth -> Integer,
        author_id -> Nullable<Text>,
        body -> Text,
        created_at -> Timestamp,
        edited_at -> Nullable<Timestamp>,
        deleted_at -> Nullable<Timestamp>,
        hidden_at -> Nullable<Timestamp>,
        hidden_reason -> Nullable<Text>,
    }
}

diesel::table! {
    moderation_reports (id) {
        id -> Text,
        consultation_id -> Text,
        proposal_id -> Text,
        subject_kind -> Text,
        subject_id -> Text,
        reporter_id -> Text,
        reason -> Text,
        details -> Nullable<Text>,
        created_at -> Timestamp,
        resolved_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    consultation_blocks (consultation_id, user_id) {
        consultation_id -> Text,
        user_id -> Text,
        reason -> Text,
        blocked_by -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    proposals,
    proposal_states,
    proposal_supports,
    proposal_events,
    proposal_comments,
    moderation_reports,
    consultation_blocks,
    users
);

diesel::table! {
    consultation_organisers (consultation_id, institution_id) {
        consultation_id -> Text,
        institution_id -> Text,
        owner -> Bool,
    }
}

diesel::table! {
    consultation_responses (id) {
        id -> Text,
        consultation_id -> Text,
        respondent_key -> Text,
        association_id -> Nullable<Text>,
        user_id -> Nullable<Text>,
        status -> Text,
        answers -> Text,
        wilaya_code -> Nullable<Text>,
        fields -> Text,
        submitted_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        submitted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    consultation_tallies (consultation_id, question_id, option_key, dimension, dimension_value) {
        consultation_id -> Text,
        question_id -> Text,
        option_key -> Text,
        dimension -> Text,
        dimension_value -> Text,
        count -> BigInt,
        total -> Double,
    }
}

diesel::table! {
    consultation_text_answers (id) {
        id -> Text,
        consultation_id -> Text,
        question_id -> Text,
        response_id -> Text,
        body -> Text,
        created_at -> Timestamp,
        hidden_at -> Nullable<Timestamp>,
        hidden_reason -> Nullable<Text>,
    }
}

diesel::joinable!(institution_staff -> institutions (institution_id));
diesel::joinable!(institution_staff -> users (user_id));
diesel::joinable!(consultation_organisers -> consultations (consultation_id));
diesel::joinable!(consultation_organisers -> institutions (institution_id));
diesel::allow_tables_to_appear_in_same_query!(
    institutions,
    institution_staff,
    users,
    consultations,
    consultation_organisers,
    consultation_responses,
);

diesel::table! {
    projects (id) {
        id -> Text,
        association_id -> Text,
        title_ar -> Nullable<Text>,
        title_fr -> Nullable<Text>,
        title_en -> Nullable<Text>,
        summary_ar -> Nullable<Text>,
        summary_fr -> Nullable<Text>,
        summary_en -> Nullable<Text>,
        description_ar -> Nullable<Text>,
        description_fr -> Nullable<Text>,
        description_en -> Nullable<Text>,
        status -> Text,
        visibility -> Text,
        country -> Text,
        wilayas -> Text,
        communes -> Text,
        fields -> Text,
        budget -> Nullable<BigInt>,
        currency -> Text,
        funders -> Text,
        planned_start -> Nullable<Date>,
        planned_end -> Nullable<Date>,
        actual_start -> Nullable<Date>,
        actual_end -> Nullable<Date>,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        cover -> Nullable<Text>,
    }
}

diesel::table! {
    project_partners (project_id, position) {
        project_id -> Text,
        position -> Integer,
        association_id -> Nullable<Text>,
        institution_id -> Nullable<Text>,
        role -> Text,
    }
}

diesel::table! {
    project_follows (project_id, user_id) {
        project_id -> Text,
        user_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    project_milestones (id) {
        id -> Text,
        project_id -> Text,
        title_ar -> Nullable<Text>,
        title_fr -> Nullable<Text>,
        title_en -> Nullable<Text>,
        due_on -> Date,
        weight -> Integer,
        done_on -> Nullable<Date>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    project_updates (id) {
        id -> Text,
        project_id -> Text,
        author_id -> Nullable<Text>,
        association_id -> Text,
        body -> Text,
        milestone_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    activities (id) {
        id -> Text,
        project_id -> Text,
        association_id -> Text,
        visibility -> Text,
        fields -> Text,
        title_ar -> Nullable<Text>,
        title_fr -> Nullable<Text>,
        title_en -> Nullable<Text>,
        description_ar -> Nullable<Text>,
        description_fr -> Nullable<Text>,
        description_en -> Nullable<Text>,
        time_zone -> Text,
        all_day -> Bool,
        start_local -> Timestamp,
        end_local -> Timestamp,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        commune_id -> Nullable<Integer>,
        wilaya_code -> Nullable<Text>,
        address -> Nullable<Text>,
        online_url -> Nullable<Text>,
        public -> Bool,
        cancelled_at -> Nullable<Timestamp>,
        sequence -> Integer,
        capacity -> Nullable<Integer>,
        waitlist -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    activity_registrations (activity_id, user_id) {
        activity_id -> Text,
        user_id -> Text,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    calendar_feeds (user_id) {
        user_id -> Text,
        secret_hash -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    indicators (id) {
        id -> Text,
        project_id -> Text,
        result_kind -> Text,
        result_title_ar -> Nullable<Text>,
        result_title_fr -> Nullable<Text>,
        result_title_en -> Nullable<Text>,
        title_ar -> Nullable<Text>,
        title_fr -> Nullable<Text>,
        title_en -> Nullable<Text>,
        measure -> Text,
        unit -> Nullable<Text>,
        ascending -> Bool,
        baseline_value -> Nullable<Double>,
        baseline_on -> Nullable<Date>,
        periods -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    indicator_actuals (id) {
        id -> Text,
        indicator_id -> Text,
        value -> Double,
        measured_on -> Date,
        comment -> Nullable<Text>,
        wilaya_code -> Nullable<Text>,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(projects -> associations (association_id));
diesel::joinable!(activities -> projects (project_id));
diesel::joinable!(activity_registrations -> activities (activity_id));
diesel::joinable!(activity_registrations -> users (user_id));
diesel::joinable!(project_updates -> users (author_id));
diesel::joinable!(indicator_actuals -> indicators (indicator_id));
diesel::allow_tables_to_appear_in_same_query!(
    projects,
    activities,
    activity_registrations,
    calendar_feeds,
    project_updates,
    project_partners,
    project_follows,
    project_milestones,
    indicators,
    indicator_actuals,
);
diesel::allow_tables_to_appear_in_same_query!(projects, associations);
diesel::allow_tables_to_appear_in_same_query!(projects, users);
diesel::allow_tables_to_appear_in_same_query!(projects, institutions);
diesel::allow_tables_to_appear_in_same_query!(activities, associations);
diesel::allow_tables_to_appear_in_same_query!(activities, users);
diesel::allow_tables_to_appear_in_same_query!(activities, institutions);
diesel::allow_tables_to_appear_in_same_query!(activity_registrations, associations);
diesel::allow_tables_to_appear_in_same_query!(activity_registrations, users);
diesel::allow_tables_to_appear_in_same_query!(activity_registrations, institutions);
diesel::allow_tables_to_appear_in_same_query!(calendar_feeds, associations);
diesel::allow_tables_to_appear_in_same_query!(calendar_feeds, users);
diesel::allow_tables_to_appear_in_same_query!(calendar_feeds, institutions);
diesel::allow_tables_to_appear_in_same_query!(project_updates, associations);
diesel::allow_tables_to_appear_in_same_query!(project_updates, users);
diesel::allow_tables_to_appear_in_same_query!(project_updates, institutions);
diesel::allow_tables_to_appear_in_same_query!(project_partners, associations);
diesel::allow_tables_to_appear_in_same_query!(project_partners, users);
diesel::allow_tables_to_appear_in_same_query!(project_partners, institutions);
diesel::allow_tables_to_appear_in_same_query!(project_follows, associations);
diesel::allow_tables_to_appear_in_same_query!(project_follows, users);
diesel::allow_tables_to_appear_in_same_query!(project_follows, institutions);
diesel::allow_tables_to_appear_in_same_query!(project_milestones, associations);
diesel::allow_tables_to_appear_in_same_query!(project_milestones, users);
diesel::allow_tables_to_appear_in_same_query!(project_milestones, institutions);
diesel::allow_tables_to_appear_in_same_query!(indicators, associations);
diesel::allow_tables_to_appear_in_same_query!(indicators, users);
diesel::allow_tables_to_appear_in_same_query!(indicators, institutions);
diesel::allow_tables_to_appear_in_same_query!(indicator_actuals, associations);
diesel::allow_tables_to_appear_in_same_query!(indicator_actuals, users);
diesel::allow_tables_to_appear_in_same_query!(indicator_actuals, institutions);
diesel::allow_tables_to_appear_in_same_query!(projects, association_members);
diesel::allow_tables_to_appear_in_same_query!(projects, communes);
diesel::allow_tables_to_appear_in_same_query!(activities, association_members);
diesel::allow_tables_to_appear_in_same_query!(activities, communes);
diesel::allow_tables_to_appear_in_same_query!(activity_registrations, association_members);
diesel::allow_tables_to_appear_in_same_query!(activity_registrations, communes);
diesel::allow_tables_to_appear_in_same_query!(calendar_feeds, association_members);
diesel::allow_tables_to_appear_in_same_query!(calendar_feeds, communes);
diesel::allow_tables_to_appear_in_same_query!(project_updates, association_members);
diesel::allow_tables_to_appear_in_same_query!(project_updates, communes);
diesel::allow_tables_to_appear_in_same_query!(project_partners, association_members);
diesel::allow_tables_to_appear_in_same_query!(project_partners, communes);
diesel::allow_tables_to_appear_in_same_query!(project_follows, association_members);
diesel::allow_tables_to_appear_in_same_query!(project_follows, communes);
diesel::allow_tables_to_appear_in_same_query!(project_milestones, association_members);
diesel::allow_tables_to_appear_in_same_query!(project_milestones, communes);
diesel::allow_tables_to_appear_in_same_query!(indicators, association_members);
diesel::allow_tables_to_appear_in_same_query!(indicators, communes);
diesel::allow_tables_to_appear_in_same_query!(indicator_actuals, association_members);
diesel::allow_tables_to_appear_in_same_query!(indicator_actuals, communes);

diesel::table! {
    conversations (id) {
        id -> Text,
        kind -> Text,
        title -> Nullable<Text>,
        pair_key -> Nullable<Text>,
        association_id -> Nullable<Text>,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        last_message_at -> Timestamp,
        last_seq -> BigInt,
    }
}

diesel::table! {
    conversation_participants (conversation_id, user_id) {
        conversation_id -> Text,
        user_id -> Text,
        for_association -> Bool,
        joined_at -> Timestamp,
        left_at -> Nullable<Timestamp>,
        read_seq -> BigInt,
        removed -> Bool,
    }
}

diesel::table! {
    messages (id) {
        id -> Text,
        conversation_id -> Text,
        seq -> BigInt,
        author_id -> Nullable<Text>,
        as_association -> Bool,
        body -> Nullable<Text>,
        created_at -> Timestamp,
        edited_at -> Nullable<Timestamp>,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    member_blocks (user_id, blocked_id) {
        user_id -> Text,
        blocked_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    messaging_settings (user_id) {
        user_id -> Text,
        accepts_messages -> Bool,
        read_receipts -> Bool,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    member_event_heads (user_id) {
        user_id -> Text,
        seq -> BigInt,
    }
}

diesel::table! {
    member_events (user_id, seq) {
        user_id -> Text,
        seq -> BigInt,
        kind -> Text,
        conversation_id -> Nullable<Text>,
        message_id -> Nullable<Text>,
        notification_id -> Nullable<Text>,
        session_id -> Nullable<Text>,
        read_seq -> Nullable<BigInt>,
        actor_id -> Nullable<Text>,
        created_at -> Timestamp,
        circle_id -> Nullable<Text>,
        thread_id -> Nullable<Text>,
    }
}

diesel::joinable!(conversation_participants -> conversations (conversation_id));
diesel::joinable!(conversation_participants -> users (user_id));
diesel::joinable!(messages -> conversations (conversation_id));
diesel::joinable!(conversations -> associations (association_id));
diesel::allow_tables_to_appear_in_same_query!(
    conversations,
    conversation_participants,
    messages,
    member_blocks,
    messaging_settings,
    member_event_heads,
    member_events,
);
diesel::allow_tables_to_appear_in_same_query!(conversations, users);
diesel::allow_tables_to_appear_in_same_query!(conversations, associations);
diesel::allow_tables_to_appear_in_same_query!(conversations, association_members);
diesel::allow_tables_to_appear_in_same_query!(conversations, connections);
diesel::allow_tables_to_appear_in_same_query!(conversation_participants, users);
diesel::allow_tables_to_appear_in_same_query!(conversation_participants, associations);
diesel::allow_tables_to_appear_in_same_query!(conversation_participants, association_members);
diesel::allow_tables_to_appear_in_same_query!(conversation_participants, connections);
diesel::allow_tables_to_appear_in_same_query!(messages, users);
diesel::allow_tables_to_appear_in_same_query!(messages, associations);
diesel::allow_tables_to_appear_in_same_query!(messages, association_members);
diesel::allow_tables_to_appear_in_same_query!(messages, connections);
diesel::allow_tables_to_appear_in_same_query!(member_blocks, users);
diesel::allow_tables_to_appear_in_same_query!(member_blocks, associations);
diesel::allow_tables_to_appear_in_same_query!(member_blocks, association_members);
diesel::allow_tables_to_appear_in_same_query!(member_blocks, connections);
diesel::allow_tables_to_appear_in_same_query!(messaging_settings, users);
diesel::allow_tables_to_appear_in_same_query!(messaging_settings, associations);
diesel::allow_tables_to_appear_in_same_query!(messaging_settings, association_members);
diesel::allow_tables_to_appear_in_same_query!(messaging_settings, connections);

diesel::table! {
    message_attachments (id) {
        id -> Text,
        conversation_id -> Text,
        message_id -> Nullable<Text>,
        uploader_id -> Nullable<Text>,
        file_key -> Text,
        name -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(message_attachments, messages);
diesel::allow_tables_to_appear_in_same_query!(message_attachments, conversations);

diesel::table! {
    circles (id) {
        id -> Text,
        name_ar -> Nullable<Text>,
        name_fr -> Nullable<Text>,
        name_en -> Nullable<Text>,
        description_ar -> Nullable<Text>,
        description_fr -> Nullable<Text>,
        description_en -> Nullable<Text>,
        fields -> Text,
        wilaya_code -> Nullable<Text>,
        policy -> Text,
        observers_allowed -> Bool,
        member_count -> BigInt,
        thread_count -> BigInt,
        search_text -> Text,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        last_activity_at -> Timestamp,
    }
}

diesel::table! {
    circle_members (circle_id, user_id) {
        circle_id -> Text,
        user_id -> Text,
        status -> Text,
        role -> Text,
        invited_by -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    circle_threads (id) {
        id -> Text,
        circle_id -> Text,
        author_id -> Nullable<Text>,
        title -> Text,
        kind -> Text,
        pinned -> Bool,
        answer_post_id -> Nullable<Text>,
        reply_count -> BigInt,
        created_at -> Timestamp,
        last_post_at -> Timestamp,
    }
}

diesel::table! {
    circle_posts (id) {
        id -> Text,
        thread_id -> Text,
        circle_id -> Text,
        reply_to -> Nullable<Text>,
        author_id -> Nullable<Text>,
        opening -> Bool,
        body -> Text,
        mentions -> Text,
        created_at -> Timestamp,
        edited_at -> Nullable<Timestamp>,
        deleted_at -> Nullable<Timestamp>,
        hidden_at -> Nullable<Timestamp>,
        hidden_reason -> Nullable<Text>,
    }
}

diesel::table! {
    circle_reports (id) {
        id -> Text,
        circle_id -> Text,
        post_id -> Text,
        reporter_id -> Text,
        reason -> Text,
        details -> Nullable<Text>,
        created_at -> Timestamp,
        resolved_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    circle_terms (term, thread_id) {
        term -> Text,
        thread_id -> Text,
        circle_id -> Text,
    }
}

diesel::table! {
    circle_attachments (id) {
        id -> Text,
        circle_id -> Text,
        post_id -> Nullable<Text>,
        uploader_id -> Nullable<Text>,
        file_key -> Text,
        name -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::joinable!(circle_members -> circles (circle_id));
diesel::joinable!(circle_members -> users (user_id));
diesel::joinable!(circle_threads -> circles (circle_id));
diesel::joinable!(circle_posts -> circle_threads (thread_id));
diesel::allow_tables_to_appear_in_same_query!(
    circles,
    circle_members,
    circle_threads,
    circle_posts,
    circle_reports,
    circle_terms,
    circle_attachments,
    users,
);
