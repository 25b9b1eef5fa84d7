//! The emails Madani sends, in the recipient's language.

use madani_shared::text::Language;

/// (subject, plain-text body) of the address verification email.
pub fn verify_email(lang: Language, name: &str, link: &str) -> (String, String) {
    match lang {
        Language::Ar => (
            "مدني: أكّد عنوان بريدك الإلكتروني".into(),
            format!(
                "مرحبًا {name}،\n\nلتأكيد عنوان بريدك الإلكتروني على منصة مدني، افتح هذا الرابط:\n\n{link}\n\n\
                 الرابط صالح لمدة 48 ساعة. إن لم تُنشئ حسابًا، تجاهل هذه الرسالة.\n\nفريق مدني"
            ),
        ),
        Language::Fr => (
            "Madani : confirmez votre adresse e-mail".into(),
            format!(
                "Bonjour {name},\n\nPour confirmer votre adresse e-mail sur Madani, ouvrez ce lien :\n\n{link}\n\n\
                 Le lien est valable 48 heures. Si vous n'avez pas créé de compte, ignorez ce message.\n\nL'équipe Madani"
            ),
        ),
        Language::En => (
            "Madani: confirm your email address".into(),
            format!(
                "Hello {name},\n\nTo confirm your email address on Madani, open this link:\n\n{link}\n\n\
                 The link is valid for 48 hours. If you did not create an account, ignore this message.\n\nThe Madani team"
            ),
        ),
    }
}

/// (subject, plain-text body) of the password reset email.
pub fn password_reset(lang: Language, name: &str, link: &str) -> (String, String) {
    match lang {
        Language::Ar => (
            "مدني: إعادة تعيين كلمة المرور".into(),
            format!(
                "مرحبًا {name}،\n\nطُلبت إعادة تعيين كلمة مرور حسابك على منصة مدني. لاختيار كلمة مرور جديدة، افتح هذا الرابط:\n\n{link}\n\n\
                 الرابط صالح لمدة ساعة واحدة ولمرة واحدة. إن لم تطلب ذلك، تجاهل هذه الرسالة: كلمة مرورك لم تتغيّر.\n\nفريق مدني"
            ),
        ),
        Language::Fr => (
            "Madani : réinitialisation du mot de passe".into(),
            format!(
                "Bonjour {name},\n\nUne réinitialisation du mot de passe de votre compte Madani a été demandée. \
                 Pour choisir un nouveau mot de passe, ouvrez ce lien :\n\n{link}\n\n\
                 Le lien est valable une heure, une seule fois. Si vous n'avez rien demandé, ignorez ce message : \
                 votre mot de passe n'a pas changé.\n\nL'équipe Madani"
            ),
        ),
        Language::En => (
            "Madani: reset your password".into(),
            format!(
                "Hello {name},\n\nSomeone asked to reset the password of your Madani account. \
                 To choose a new password, open this link:\n\n{link}\n\n\
                 The link is valid for one hour, once. If you did not ask, ignore this message: \
                 your password has not changed.\n\nThe Madani team"
            ),
        ),
    }
}

/// (subject, plain-text body) telling the owner of an address that someone tried to register it.
pub fn registration_attempt(lang: Language, name: &str, login: &str, reset: &str) -> (String, String) {
    match lang {
        Language::Ar => (
            "مدني: محاولة إنشاء حساب بعنوانك".into(),
            format!(
                "مرحبًا {name}،\n\nحاول شخص ما إنشاء حساب جديد على منصة مدني بعنوان بريدك الإلكتروني، ولديك حساب به بالفعل:                  لم يُنشأ أي حساب جديد.\n\nإن كنت أنت، سجّل الدخول:\n{login}\n\nأو اختر كلمة مرور جديدة إن نسيتها:\n{reset}\n\n\
                 إن لم تكن أنت، لا داعي لأي إجراء: حسابك لم يتغيّر.\n\nفريق مدني"
            ),
        ),
        Language::Fr => (
            "Madani : tentative d'inscription avec votre adresse".into(),
            format!(
                "Bonjour {name},\n\nQuelqu'un a voulu créer un compte Madani avec votre adresse e-mail, qui a déjà un compte : \
                 aucun nouveau compte n'a été créé.\n\nSi c'était vous, connectez-vous :\n{login}\n\n\
                 ou choisissez un nouveau mot de passe si vous l'avez oublié :\n{reset}\n\n\
                 Sinon, vous n'avez rien à faire : votre compte n'a pas changé.\n\nL'équipe Madani"
            ),
        ),
        Language::En => (
            "Madani: someone tried to register with your address".into(),
            format!(
                "Hello {name},\n\nSomeone tried to create a Madani account with your email address, which already has one: \
                 no new account was created.\n\nIf it was you, sign in:\n{login}\n\n\
                 or choose a new password if you forgot it:\n{reset}\n\n\
                 If it was not you, there is nothing to do: your account has not changed.\n\nThe Madani team"
            ),
        ),
    }
}

/// (subject, body) telling an association's officers what the observatory decided.
pub fn association_status(
    lang: Language,
    name: &str,
    association: &str,
    status: &str,
    reason: Option<&str>,
) -> (String, String) {
    let reason_line = |label: &str| reason.map(|r| format!("\n{label} {r}\n")).unwrap_or_default();
    match lang {
        Language::Ar => {
            let state = match status {
                "verified" => "تم التحقق منها",
                "rejected" => "رُفض التحقق منها",
                "deleted" => "حُذفت",
                _ => "عُلّق التحقق منها",
            };
            (
                format!("مدني: جمعية «{association}» {state}"),
                format!(
                    "مرحبًا {name}،\n\nجمعية «{association}» {state} من طرف المرصد.\n{}\nفريق مدني",
                    reason_line("السبب:")
                ),
            )
        }
        Language::Fr => {
            let state = match status {
                "verified" => "a été vérifiée",
                "rejected" => "n'a pas été vérifiée",
                "deleted" => "a été supprimée",
                _ => "a été suspendue",
            };
            (
                format!("Madani : l'association « {association} » {state}"),
                format!(
                    "Bonjour {name},\n\nL'association « {association} » {state} par l'observatoire.\n{}\nL'équipe Madani",
                    reason_line("Motif :")
                ),
            )
        }
        Language::En => {
            let state = match status {
                "verified" => "has been verified",
                "rejected" => "was not verified",
                "deleted" => "has been deleted",
                _ => "has been suspended",
            };
            (
                format!("Madani: the association \"{association}\" {state}"),
                format!(
                    "Hello {name},\n\nThe association \"{association}\" {state} by the observatory.\n{}\nThe Madani team",
                    reason_line("Reason:")
                ),
            )
        }
    }
}

/// (subject, body) of an invitation to join an association. `role_label` is already translated.
pub fn invitation(
    lang: Language,
    inviter: &str,
    association: &str,
    role_label: &str,
    message: Option<&str>,
    link: &str,
) -> (String, String) {
    let quoted = |label: &str| message.map(|m| format!("\n{label}\n« {m} »\n")).unwrap_or_default();
    match lang {
        Language::Ar => (
            format!("مدني: دعوة للانضمام إلى «{association}»"),
            format!(
                "مرحبًا،\n\nيدعوك {inviter} للانضمام إلى جمعية «{association}» على منصة مدني بصفة {role_label}.\n{}\n\
                 لقبول الدعوة أو رفضها، افتح هذا الرابط (أنشئ حسابًا بهذا العنوان إن لم يكن لديك حساب):\n\n{link}\n\n\
                 الدعوة صالحة لمدة 14 يومًا.\n\nفريق مدني",
                quoted("رسالته:")
            ),
        ),
        Language::Fr => (
            format!("Madani : invitation à rejoindre « {association} »"),
            format!(
                "Bonjour,\n\n{inviter} vous invite à rejoindre l'association « {association} » sur Madani en tant que {role_label}.\n{}\n\
                 Pour accepter ou refuser, ouvrez ce lien (créez un compte avec cette adresse si vous n'en avez pas) :\n\n{link}\n\n\
                 L'invitation est valable 14 jours.\n\nL'équipe Madani",
                quoted("Son message :")
            ),
        ),
        Language::En => (
            format!("Madani: invitation to join \"{association}\""),
            format!(
                "Hello,\n\n{inviter} invites you to join the association \"{association}\" on Madani as {role_label}.\n{}\n\
                 To accept or decline, open this link (create an account with this address if you have none):\n\n{link}\n\n\
                 The invitation is valid for 14 days.\n\nThe Madani team",
                quoted("Their message:")
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_carries_the_link_and_name() {
        for lang in Language::ALL {
            for (subject, body) in
                [verify_email(lang, "Amina", "http://x/l?t=1"), password_reset(lang, "Amina", "http://x/l?t=1")]
            {
                assert!(!subject.is_empty());
                assert!(body.contains("http://x/l?t=1") && body.contains("Amina"), "{lang:?}");
            }
        }
    }
}
