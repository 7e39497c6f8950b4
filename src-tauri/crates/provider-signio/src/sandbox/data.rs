//! The simulator's world and deterministic Spanish-language demo data.

use std::collections::BTreeMap;
use std::path::PathBuf;

/// The shared seeded RNG: a seed always gives the same demo data.
pub(crate) use ventanilla_http::sandbox::SeededRng as Rng;

pub(crate) const DEMO_EMAIL: &str = "operaciones@notariacentral.co";
pub(crate) const DEMO_PASSWORD: &str = "Signio2024!";
pub(crate) const TENANTS: &[&str] = &["Notaría Central", "Fiduciaria Andina"];
pub(crate) const DEMO_ENVELOPES: usize = 1500;

#[derive(Debug, Clone)]
pub(crate) enum Content {
    /// Demo bytes generated on demand from the document id.
    Demo,
    /// Uploaded bytes, on disk in the simulator's temp dir.
    File(PathBuf),
}

#[derive(Debug, Clone)]
pub(crate) struct SimDoc {
    pub id: String,
    pub name: String,
    pub size: u64,
    pub content: Content,
    pub protected: bool,
    pub template_id: Option<u64>,
    pub fields: BTreeMap<String, String>,
    pub tve: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct SimContact {
    pub id: String,
    pub name: String,
    pub identity_type: String,
    pub identity: String,
    pub email: String,
    pub order: i64,
    pub approver: bool,
    pub digital: bool,
    pub enable_comments: bool,
    pub notified: bool,
    pub on_premise: Option<bool>,
}

#[derive(Debug, Clone)]
pub(crate) struct SimLink {
    pub signer_id: String,
    pub document_id: String,
    pub attachment: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct SimSignature {
    pub signer_id: String,
    pub document_id: String,
    pub approval: bool,
    pub at: i64,
}

#[derive(Debug, Clone)]
pub(crate) struct SimEnvelope {
    pub id: String,
    pub name: String,
    pub message: String,
    pub approval_cycle: bool,
    pub state: u8,
    pub created_at: i64,
    pub updated_at: i64,
    pub base: bool,
    pub allow_reject: bool,
    pub approvers_may_return: bool,
    pub signers_may_return: bool,
    pub on_premise: bool,
    pub dedup_key: Option<String>,
    pub documents: Vec<SimDoc>,
    pub contacts: Vec<SimContact>,
    pub links: Vec<SimLink>,
    pub signatures: Vec<SimSignature>,
    pub observations: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct SimTemplate {
    pub id: u64,
    pub name: String,
    pub description: String,
    pub kind: &'static str,
    pub status: u8,
    pub protected: bool,
    pub roles: &'static str,
    pub fields: &'static [&'static str],
    pub created_at: i64,
}

pub(crate) struct World {
    /// In creation order.
    pub envelopes: Vec<SimEnvelope>,
    pub tags: Vec<(String, String)>,
    pub templates: Vec<SimTemplate>,
}

impl World {
    pub(crate) fn find(&self, id: &str) -> Option<usize> {
        self.envelopes.iter().position(|e| e.id == id)
    }
}

const NOMBRES: &[&str] = &[
    "Lucía",
    "Andrés",
    "Valentina",
    "Santiago",
    "Camila",
    "Mateo",
    "Isabella",
    "Sebastián",
    "Mariana",
    "Julián",
    "Daniela",
    "Felipe",
    "Gabriela",
    "Nicolás",
    "Paula",
    "Alejandro",
];
const APELLIDOS: &[&str] = &[
    "Fernández",
    "Restrepo",
    "Gómez",
    "Martínez",
    "Rodríguez",
    "Ospina",
    "Cárdenas",
    "Vargas",
    "Castaño",
    "Londoño",
    "Moreno",
    "Jaramillo",
    "Rincón",
    "Herrera",
    "Quintero",
    "Salazar",
];
const TIPOS: &[&str] = &[
    "Contrato de arrendamiento",
    "Pagaré",
    "Acuerdo de confidencialidad",
    "Contrato laboral",
    "Otrosí al contrato",
    "Poder especial",
    "Autorización de tratamiento de datos",
    "Promesa de compraventa",
    "Acta de entrega",
    "Orden de servicio",
];
const EMPRESAS: &[&str] = &[
    "Inmobiliaria Los Andes",
    "Constructora Bolívar",
    "Transportes del Valle",
    "Café Quindío S.A.S.",
    "Clínica San Rafael",
    "Textiles Medellín",
    "Banco Popular de Occidente",
    "Ferretería El Tornillo",
];
const ARCHIVOS: &[&str] = &[
    "contrato.pdf",
    "anexo.docx",
    "cedula.jpg",
    "relacion.xlsx",
    "soporte.png",
];
const STATES: &[u8] = &[1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 6, 7, 8];

/// 2023-01-01T00:00:00Z
const EPOCH_2023: i64 = 1_672_531_200;

pub(crate) fn signer_id(rng: &mut Rng) -> String {
    // "Encrypted" ids, well under the 200-character limit.
    format!("sig_{}", rng.hex(60))
}

pub(crate) fn document_id(rng: &mut Rng) -> String {
    format!("doc_{}", rng.hex(40))
}

pub(crate) fn generate(seed: u64) -> World {
    let mut rng = Rng::new(seed);
    let tags = [
        "Ventas",
        "Recursos Humanos",
        "Jurídica",
        "Arrendamientos",
        "Crédito",
        "Proveedores",
        "Urgente",
        "Gerencia",
    ]
    .iter()
    .enumerate()
    .map(|(i, t)| (format!("{}", i + 1), t.to_string()))
    .collect();
    let templates = vec![
        tpl(
            1,
            "Pagaré en blanco con carta de instrucciones",
            "PLL",
            1,
            true,
            "deudor,codeudor",
            &["nombre", "identificacion", "valor", "ciudad"],
        ),
        tpl(
            2,
            "Contrato de arrendamiento de vivienda",
            "PLL",
            1,
            false,
            "arrendador,arrendatario",
            &["arrendador", "arrendatario", "direccion", "canon"],
        ),
        tpl(
            3,
            "Formulario de vinculación de clientes",
            "XFORM",
            1,
            false,
            "cliente",
            &["nombre", "identificacion", "telefono", "correo"],
        ),
        tpl(
            4,
            "Acuerdo de confidencialidad",
            "PLL",
            1,
            false,
            "parte1,parte2",
            &["parte1", "parte2", "vigencia"],
        ),
        tpl(
            5,
            "Autorización de tratamiento de datos",
            "XFORM",
            2,
            false,
            "titular",
            &["nombre", "identificacion"],
        ),
        tpl(
            6,
            "Contrato laboral a término fijo",
            "PLL",
            1,
            false,
            "empleador,empleado",
            &["empleado", "cargo", "salario", "fecha_inicio"],
        ),
    ];
    let mut envelopes = Vec::with_capacity(DEMO_ENVELOPES + 5);
    for i in 0..DEMO_ENVELOPES {
        let state = *rng.pick(STATES);
        let created = EPOCH_2023 + rng.below(600 * 86_400) as i64;
        let updated = created + rng.below(30 * 86_400) as i64;
        let tipo = rng.pick(TIPOS);
        let empresa = rng.pick(EMPRESAS);
        let mut env = SimEnvelope {
            id: rng.uuid(),
            name: format!("{tipo} - {empresa} #{:04}", i + 1),
            message: format!("Por favor revise y firme: {}", tipo.to_lowercase()),
            approval_cycle: rng.below(5) == 0,
            state,
            created_at: created,
            updated_at: updated,
            base: i < 5,
            allow_reject: true,
            approvers_may_return: true,
            signers_may_return: true,
            on_premise: rng.below(3) == 0,
            dedup_key: None,
            documents: Vec::new(),
            contacts: Vec::new(),
            links: Vec::new(),
            signatures: Vec::new(),
            observations: Vec::new(),
        };
        let ndocs = 1 + rng.below(3) as usize;
        for _ in 0..ndocs {
            let name = rng.pick(ARCHIVOS).to_string();
            let id = document_id(&mut rng);
            env.documents.push(SimDoc {
                size: demo_bytes(&id, &name).len() as u64,
                id,
                name,
                content: Content::Demo,
                protected: rng.below(10) == 0,
                template_id: None,
                fields: BTreeMap::new(),
                tve: false,
            });
        }
        let ncontacts = 1 + rng.below(3) as usize;
        for k in 0..ncontacts {
            let n = rng.pick(NOMBRES);
            let a = rng.pick(APELLIDOS);
            let c = SimContact {
                id: signer_id(&mut rng),
                name: format!("{n} {a}"),
                identity_type: rng.pick(&["CC", "CC", "CE", "PS"]).to_string(),
                identity: format!("{}", 10_000_000 + rng.below(1_000_000_000)),
                email: format!("{}.{}{}@correo-demo.co", fold(n), fold(a), k),
                order: k as i64 + 1,
                approver: env.approval_cycle && k == 0,
                digital: rng.below(4) == 0,
                enable_comments: rng.below(2) == 0,
                notified: false,
                on_premise: None,
            };
            for d in &env.documents {
                env.links.push(SimLink {
                    signer_id: c.id.clone(),
                    document_id: d.id.clone(),
                    attachment: false,
                });
            }
            env.contacts.push(c);
        }
        if state == 3 {
            for l in &env.links {
                let approval = env
                    .contacts
                    .iter()
                    .any(|c| c.id == l.signer_id && c.approver);
                env.signatures.push(SimSignature {
                    signer_id: l.signer_id.clone(),
                    document_id: l.document_id.clone(),
                    approval,
                    at: updated,
                });
            }
        }
        if state == 8 {
            env.observations
                .push("Corregir el valor del canon en la cláusula tercera.".into());
        }
        envelopes.push(env);
    }
    World {
        envelopes,
        tags,
        templates,
    }
}

#[allow(clippy::too_many_arguments)]
fn tpl(
    id: u64,
    name: &str,
    kind: &'static str,
    status: u8,
    protected: bool,
    roles: &'static str,
    fields: &'static [&'static str],
) -> SimTemplate {
    SimTemplate {
        id,
        name: name.into(),
        description: format!("Plantilla «{name}» de la biblioteca de la notaría"),
        kind,
        status,
        protected,
        roles,
        fields,
        created_at: EPOCH_2023 + id as i64 * 86_400,
    }
}

fn fold(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| match c {
            'á' => 'a',
            'é' => 'e',
            'í' => 'i',
            'ó' => 'o',
            'ú' => 'u',
            'ñ' => 'n',
            c => c,
        })
        .collect()
}

/// The bytes of a demo document (a small PDF-looking file, deterministic).
pub(crate) fn demo_bytes(id: &str, name: &str) -> Vec<u8> {
    format!(
        "%PDF-1.4\n% Documento de demostración del simulador SIGNIO\n% {name}\n% id {id}\n\
         1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )
    .into_bytes()
}
