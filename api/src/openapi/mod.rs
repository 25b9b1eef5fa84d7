//! The OpenAPI 3.1 document, collected by utoipa-actix-web from the same route tree the server runs,
//! then completed with the error responses every operation shares.

use actix_web::App;
use utoipa::OpenApi;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};
use utoipa_actix_web::AppExt;
use utoipa_actix_web::service_config::ServiceConfig;

use madani_shared::{ErrorCode, FieldError, Problem};

pub mod errors;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Madani API",
        description = "The REST API of Madani (مدني), the open platform for civil-society associations: \
accounts, the association registry, courses and certificates, projects and consultations.\n\n\
Authenticate with `Authorization: Bearer <access token>` from `POST /api/v1/auth/login`. \
Every error is an RFC 9457 `application/problem+json` document with a stable `code`; \
validation errors (422) list each invalid `field`. Lists use cursor pagination: \
pass `next_cursor` back as `cursor`.",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later")
    ),
    tags(
        (name = "auth", description = "Registration, sign-in, tokens, email verification, password reset"),
        (name = "me", description = "Your own account: profile, password, sessions, data export, deletion"),
        (name = "admin", description = "Account administration (administrators)"),
        (name = "associations", description = "The registry: profiles, members and roles, join requests, the directory"),
        (name = "network", description = "Following associations, member profiles with per-field visibility, connections"),
        (name = "courses", description = "Capacity-building courses: catalog, authoring, enrolment, progress"),
        (name = "certificates", description = "Certificates of completion: verification by code, Open Badges credentials, revocation"),
        (name = "institutions", description = "Public institutions (the observatory, ministries, councils) and their staff"),
        (name = "consultations", description = "Consultations: questionnaires, answers of associations and members, results"),
        (name = "projects", description = "Projects: partners, milestones and progress, updates, indicators, the IATI export"),
        (name = "calendar", description = "Activities on the shared calendar, registrations, iCalendar feeds"),
        (name = "messaging", description = "Direct, group and association-inbox conversations; your events, live on a WebSocket or by polling"),
        (name = "circles", description = "Thematic circles: members, requests and invitations, threads, replies, answers, moderation"),
        (name = "verification", description = "Verification of associations by observatory staff, and the audit log"),
        (name = "territories", description = "Wilayas, daïras and communes"),
        (name = "system", description = "Liveness and readiness"),
    ),
    // What `#[param]`s refer to: utoipa collects the schemas of bodies and responses by itself,
    // not those of path and query parameters.
    components(schemas(
        Problem,
        ErrorCode,
        FieldError,
        madani_shared::ids::WilayaCode,
        madani_shared::ids::CertificateCode,
        madani_shared::ids::ProposalStateKey,
        madani_shared::ids::FeedSecret,
        madani_shared::ids::UnsubscribeToken,
        madani_shared::ids::ConversationId,
        madani_shared::ids::MessageId,
        madani_shared::ids::CircleId,
        madani_shared::ids::ThreadId,
        madani_shared::ids::PostId,
        madani_shared::ids::UserId,
        madani_shared::associations::SortOrder,
        madani_shared::associations::ExportFormat,
        madani_shared::network::ConnectionFilter,
        madani_shared::consultations::ProposalSort,
        madani_shared::consultations::Breakdown,
        madani_shared::consultations::ModerationStatus,
    ))
)]
pub struct ApiDoc;

/// Every route of the server. The server and the document are both built from this one function.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.configure(crate::system::routes).configure(crate::certificates::well_known).service(
        utoipa_actix_web::scope("/api/v1")
            .configure(crate::territories::routes)
            .configure(crate::auth::routes)
            .configure(crate::accounts::routes)
            .configure(crate::associations::routes)
            .configure(crate::notifications::routes)
            .configure(crate::audit::routes)
            .configure(crate::network::routes)
            .configure(crate::courses::routes)
            .configure(crate::certificates::routes)
            .configure(crate::institutions::routes)
            .configure(crate::consultations::routes)
            .configure(crate::projects::routes)
            .configure(crate::messaging::routes)
            .configure(crate::circles::routes)
            .configure(crate::realtime::routes)
            .configure(crate::admin::routes),
    );
}

/// The document as served at `/api/openapi.json` and committed in `openapi/openapi.json`.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, mut doc) = App::new().into_utoipa_app().openapi(ApiDoc::openapi()).configure(routes).split_for_parts();
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    add_shared_errors(&mut doc);
    doc
}

/// (status, name, description, example code) of the errors shared by many operations.
const SHARED: &[(&str, &str, &str, &str)] = &[
    ("400", "MalformedJson", "The body is not well-formed JSON (`malformed_json`)", "malformed_json"),
    ("401", "Unauthenticated", "No valid access token (`unauthenticated`, `invalid_token`)", "invalid_token"),
    ("413", "PayloadTooLarge", "The body is over 1 MiB (`payload_too_large`)", "payload_too_large"),
    (
        "415",
        "UnsupportedMediaType",
        "The body is not `application/json` (`unsupported_media_type`)",
        "unsupported_media_type",
    ),
    ("422", "ValidationFailed", "Invalid input; `errors` names each field (`validation_failed`)", "validation_failed"),
    ("500", "Internal", "Unexpected error, logged with the request id (`internal`)", "internal"),
    ("503", "ServiceUnavailable", "Database unreachable or overloaded (`service_unavailable`)", "service_unavailable"),
];

fn problem_response(status: &str, description: &str, code: &str) -> Response {
    let mut example = serde_json::json!({
        "type": format!("urn:madani:problem:{code}"),
        "title": description.split(" (").next().unwrap_or(description),
        "status": status.parse::<u16>().unwrap_or(500),
        "detail": description,
        "code": code,
    });
    if code == "validation_failed" {
        example["errors"] =
            serde_json::json!([{"field": "email", "code": "email", "message": "must be a valid email address"}]);
    }
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/problem+json",
            ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).example(Some(example)).build(),
        )
        .build()
}

fn add_shared_errors(doc: &mut utoipa::openapi::OpenApi) {
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
    );
    for (status, name, description, code) in SHARED {
        components.responses.insert((*name).to_owned(), RefOr::T(problem_response(status, description, code)));
    }
    // Every other code has its own response, for `errors::Errors<…>` to refer to.
    for code in ErrorCode::ALL {
        components.responses.entry(errors::component_name(*code)).or_insert_with(|| RefOr::T(errors::response(*code)));
    }
    for item in doc.paths.paths.values_mut() {
        for op in [&mut item.get, &mut item.head, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete]
            .into_iter()
            .flatten()
        {
            add_to_operation(op);
        }
    }
}

/// A body that may be left out (`request_body = Option<T>`, an empty body read as `{}`) is still
/// an object when it is sent, not `null`: utoipa writes `oneOf: [null, T]`, this keeps `T`.
fn optional_body_is_not_null(op: &mut Operation) {
    use utoipa::openapi::Required;
    use utoipa::openapi::schema::{Schema, Type};
    let Some(RefOr::T(body)) = op.request_body.as_mut() else { return };
    if matches!(body.required, Some(Required::True)) {
        return;
    }
    body.required = Some(Required::False);
    for content in body.content.values_mut() {
        let RefOr::T(content) = content else { continue };
        if let Some(RefOr::T(Schema::OneOf(one_of))) = &content.schema {
            let is_null =
                |s: &RefOr<Schema>| matches!(s, RefOr::T(Schema::Object(o)) if o.schema_type == Type::Null.into());
            if let [a, b] = one_of.items.as_slice() {
                let kept = if is_null(a) {
                    b.clone()
                } else if is_null(b) {
                    a.clone()
                } else {
                    continue;
                };
                content.schema = Some(kept);
            }
        }
    }
}

/// A picture or a video sent as the body is bytes, not a JSON array of numbers (what utoipa makes
/// of `Vec<u8>`): `type: string, format: binary`, in requests and responses alike.
fn binary_bodies(op: &mut Operation) {
    use utoipa::openapi::schema::{ObjectBuilder, SchemaFormat, Type};
    let binary = || {
        RefOr::T(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Binary)))
                .into(),
        )
    };
    let is_binary = |ct: &str| ct.starts_with("image/") || ct.starts_with("video/");
    if let Some(RefOr::T(body)) = op.request_body.as_mut() {
        for (ct, content) in body.content.iter_mut() {
            if let (true, RefOr::T(content)) = (is_binary(ct), content) {
                content.schema = Some(binary());
            }
        }
    }
    for response in op.responses.responses.values_mut() {
        if let RefOr::T(response) = response {
            for (ct, content) in response.content.iter_mut() {
                if let (true, RefOr::T(content)) = (is_binary(ct), content) {
                    content.schema = Some(binary());
                }
            }
        }
    }
}

fn add_to_operation(op: &mut Operation) {
    optional_body_is_not_null(op);
    binary_bodies(op);
    let has_body = op.request_body.is_some();
    // A picture or video sent as the body is not JSON: it is never malformed JSON, nor refused for
    // its type (it is recognised by its content), and its own limit is its own 413.
    let json_body = op.request_body.as_ref().is_some_and(|b| match b {
        RefOr::T(b) => b.content.keys().any(|k| k == "application/json"),
        RefOr::Ref(_) => true,
    });
    let has_query = op.parameters.as_ref().is_some_and(|ps| {
        ps.iter()
            .any(|p| matches!(p, RefOr::T(p) if matches!(p.parameter_in, utoipa::openapi::path::ParameterIn::Query)))
    });
    let secured = op
        .security
        .as_ref()
        .is_some_and(|reqs| reqs.iter().any(|r| serde_json::to_value(r).is_ok_and(|v| v.get("bearer").is_some())));
    for (status, name, _, _) in SHARED {
        let wanted = match *status {
            "400" | "415" => json_body,
            "413" => has_body,
            "422" => has_body || has_query,
            "401" => secured,
            _ => true,
        };
        if wanted {
            op.responses
                .responses
                .entry((*status).to_owned())
                .or_insert_with(|| RefOr::Ref(Ref::new(format!("#/components/responses/{name}"))));
        }
    }
}
