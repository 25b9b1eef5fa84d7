//! Territories: Algeria's 69 wilayas, 591 daïras, 1,541 communes, in three languages.

use madani_shared::ErrorCode;
use madani_shared::endpoints::{ListCommunes, ListWilayas};
use madani_shared::text::fold_latin;
use madani_tests::{both_backends, problem};

both_backends! {
    async fn wilayas_and_communes(app) {
        let wilayas = app.client.call::<ListWilayas>((), &()).await.unwrap();
        assert_eq!(wilayas.len(), 69);
        assert_eq!(wilayas.iter().map(|w| w.daira_count).sum::<i32>(), 591);
        assert_eq!(wilayas.iter().map(|w| w.commune_count).sum::<i32>(), 1541);
        let bejaia = wilayas.iter().find(|w| w.code == "06").unwrap();
        assert_eq!(bejaia.name.fr.as_deref(), Some("Bejaia"));
        assert_eq!(bejaia.name.ar.as_deref(), Some("بجاية"));
        assert!(bejaia.name.en.is_some());

        let communes = app.client.call::<ListCommunes>(bejaia.code.parse().unwrap(), &()).await.unwrap();
        assert_eq!(communes.len() as i32, bejaia.commune_count);
        assert!(communes.iter().all(|c| c.wilaya_code == "06" && c.name.ar.is_some() && c.daira.fr.is_some()));
        let mut sorted: Vec<String> = communes.iter().map(|c| fold_latin(c.name.fr.as_deref().unwrap())).collect();
        let original = sorted.clone();
        sorted.sort();
        assert_eq!(original, sorted, "sorted by French name, ignoring case and accents");

        let missing = problem(app.client.call::<ListCommunes>("99".parse().unwrap(), &()).await);
        assert_eq!((missing.status, missing.code), (404, ErrorCode::NotFound));
        // A code that is not one does not reach a query: 404 like any unknown path argument.
        let odd = app.raw_problem(reqwest::Method::GET, "/api/v1/territories/wilayas/'%3B%20DROP%20TABLE%20communes%3B%20--/communes", None).await;
        assert_eq!((odd.status, odd.code), (404, ErrorCode::NotFound));
        assert_eq!(app.client.call::<ListWilayas>((), &()).await.unwrap().len(), 69);
    }
}
