/**
 * What a column of a CRM export can mean. Each dataset (customers, invoices, deals …) has roles;
 * a mapped role becomes a workbook name (CRM_start_date) that the templates' formulas use, so a
 * formula reads as its meaning and follows the user's table wherever it is.
 *
 * Header words are listed in English, Indonesian and Malay: exports from local CRMs and
 * spreadsheets kept by hand use all three ("Tanggal Mulai", "Tarikh Mula", "Pendapatan").
 */

/** How a role's cells are checked and how the header guess is confirmed by the values. */
export type RoleKind = "id" | "text" | "date" | "amount" | "number" | "score10" | "score5" | "outcome" | "month";

export interface Role {
  id: string;
  label: string;
  kind: RoleKind;
  /** Rows without it are left out of the metrics. */
  required: boolean;
  /** Normalised header words that name the role (see `normaliseHeader`). */
  headers: string[];
}

export interface Dataset {
  id: DatasetId;
  label: string;
  /** What one row is, for the pane. */
  row: string;
  roles: Role[];
}

export type DatasetId = "customers" | "invoices" | "deals" | "stages" | "tickets" | "surveys" | "marketing";

const role = (id: string, label: string, kind: RoleKind, required: boolean, headers: string[]): Role => ({ id, label, kind, required, headers });

const CUSTOMER_ID = ["customer id", "customer", "customer no", "client id", "client", "account id", "account", "id pelanggan", "pelanggan", "kode pelanggan", "no pelanggan", "nomor pelanggan", "id klien", "klien", "id akaun"];

export const DATASETS: Dataset[] = [
  {
    id: "customers",
    label: "Customers and subscriptions",
    row: "one customer (or subscription)",
    roles: [
      role("customer_id", "Customer id", "id", true, CUSTOMER_ID),
      role("start_date", "Start date", "date", true, ["start date", "start", "signup date", "sign up date", "subscription start", "joined", "join date", "customer since", "tanggal mulai", "tgl mulai", "mulai", "tanggal bergabung", "tanggal berlangganan", "tarikh mula", "tarikh mulai", "mula", "tarikh sertai", "tarikh langganan"]),
      role("end_date", "End or cancel date", "date", false, ["end date", "cancel date", "cancellation date", "cancelled", "canceled", "churn date", "churned on", "end", "tanggal berakhir", "tanggal batal", "tanggal berhenti", "tanggal pembatalan", "berakhir", "tarikh tamat", "tarikh batal", "tarikh berhenti", "tarikh pembatalan", "tamat"]),
      role("mrr", "MRR (monthly recurring revenue)", "amount", false, ["mrr", "monthly recurring revenue", "monthly revenue", "monthly fee", "subscription fee", "pendapatan bulanan", "pendapatan berulang bulanan", "biaya bulanan", "langganan bulanan", "hasil bulanan", "yuran bulanan"]),
    ],
  },
  {
    id: "invoices",
    label: "Invoices and transactions",
    row: "one purchase or invoice",
    roles: [
      role("txn_customer", "Customer id", "id", true, CUSTOMER_ID),
      role("txn_date", "Transaction date", "date", true, ["invoice date", "transaction date", "order date", "payment date", "purchase date", "date", "tanggal transaksi", "tanggal faktur", "tanggal pembelian", "tanggal", "tgl", "tarikh transaksi", "tarikh invois", "tarikh belian", "tarikh"]),
      role("txn_amount", "Amount (revenue)", "amount", true, ["amount", "revenue", "total", "value", "sales", "invoice amount", "jumlah", "pendapatan", "nilai", "total harga", "penjualan", "amaun", "hasil", "jualan", "nilai invois"]),
    ],
  },
  {
    id: "deals",
    label: "Deals (opportunities)",
    row: "one deal",
    roles: [
      role("deal_id", "Deal id", "id", true, ["deal id", "deal", "opportunity id", "opportunity", "id peluang", "peluang", "id kesepakatan", "id urus niaga", "urus niaga"]),
      role("deal_created", "Created date", "date", true, ["created", "created date", "create date", "open date", "opened", "date created", "tanggal dibuat", "dibuat", "tarikh dicipta", "tarikh dibuka", "tarikh cipta"]),
      role("deal_closed", "Closed date", "date", false, ["closed", "close date", "closed date", "date closed", "tanggal ditutup", "tanggal tutup", "ditutup", "tarikh ditutup", "tarikh tutup"]),
      role("deal_outcome", "Outcome (won/lost)", "outcome", false, ["outcome", "result", "status", "won lost", "won/lost", "deal status", "hasil", "status kesepakatan", "keputusan", "status urus niaga"]),
      role("deal_amount", "Deal amount", "amount", false, ["amount", "value", "deal value", "deal size", "nilai", "jumlah", "nilai kesepakatan", "amaun", "nilai urus niaga"]),
    ],
  },
  {
    id: "stages",
    label: "Deal stage history",
    row: "one deal entering one stage",
    roles: [
      role("stage_deal", "Deal id", "id", true, ["deal id", "deal", "opportunity id", "opportunity", "id peluang", "peluang", "id kesepakatan", "id urus niaga"]),
      role("stage", "Stage", "text", true, ["stage", "pipeline stage", "deal stage", "tahap", "tahapan", "peringkat", "tahap penjualan"]),
      role("stage_entered", "Stage entered date", "date", true, ["entered", "entered date", "date entered", "stage date", "stage entered", "tanggal masuk", "masuk", "tarikh masuk", "tarikh peringkat"]),
    ],
  },
  {
    id: "tickets",
    label: "Support tickets",
    row: "one ticket",
    roles: [
      role("ticket_opened", "Ticket opened", "date", true, ["opened", "open date", "created", "created at", "opened at", "reported", "tanggal dibuka", "dibuka", "tanggal laporan", "tarikh dibuka", "dibuka pada"]),
      role("ticket_resolved", "Ticket resolved", "date", false, ["resolved", "resolved at", "resolution date", "closed", "closed at", "solved", "tanggal selesai", "selesai", "diselesaikan", "tarikh selesai", "diselesaikan pada"]),
      role("agent", "Agent", "text", false, ["agent", "assignee", "assigned to", "rep", "support agent", "owner", "agen", "petugas", "ejen", "wakil", "staf"]),
    ],
  },
  {
    id: "surveys",
    label: "Survey answers (NPS, CSAT)",
    row: "one survey answer",
    roles: [
      role("survey_date", "Answer date", "date", true, ["date", "response date", "survey date", "answered", "submitted", "tanggal", "tanggal survei", "tanggal jawaban", "tarikh", "tarikh tinjauan", "tarikh jawapan"]),
      role("nps_score", "NPS score (0–10)", "score10", false, ["nps", "nps score", "score", "likelihood to recommend", "recommend", "skor nps", "nilai nps", "skor", "skor cadangan"]),
      role("csat_score", "CSAT score (1–5)", "score5", false, ["csat", "csat score", "satisfaction", "satisfaction score", "kepuasan", "skor kepuasan", "skor csat", "nilai kepuasan", "kepuasan pelanggan"]),
    ],
  },
  {
    id: "marketing",
    label: "Marketing by month",
    row: "one month (or campaign month)",
    roles: [
      role("mkt_month", "Month", "month", true, ["month", "period", "date", "bulan", "periode", "tempoh", "tanggal", "tarikh"]),
      role("spend", "Spend", "amount", true, ["spend", "marketing spend", "cost", "costs", "ad spend", "budget", "biaya", "biaya pemasaran", "pengeluaran", "belanja", "kos", "perbelanjaan", "kos pemasaran"]),
      role("leads", "Leads", "number", false, ["leads", "lead", "prospects", "inquiries", "prospek", "calon pelanggan", "bakal pelanggan", "petunjuk", "prospek baru"]),
      role("converted", "Converted leads", "number", false, ["converted", "conversions", "new customers", "won customers", "konversi", "pelanggan baru", "penukaran", "ditukar"]),
    ],
  },
];

export function dataset(id: DatasetId): Dataset {
  const d = DATASETS.find((x) => x.id === id);
  if (!d) throw new Error(`unknown dataset ${id}`);
  return d;
}

/** Every role, with its dataset. */
export function roleById(id: string): { dataset: Dataset; role: Role } | undefined {
  for (const d of DATASETS) {
    const r = d.roles.find((x) => x.id === id);
    if (r) return { dataset: d, role: r };
  }
  return undefined;
}

/** The workbook name of a mapped role: CRM_start_date. */
export const roleName = (roleId: string): string => `CRM_${roleId}`;
/** The workbook name holding 1 for each row of a dataset that is valid, 0 otherwise. */
export const validName = (datasetId: DatasetId): string => `CRM_${datasetId}_ok`;

/**
 * Header text reduced to lower-case words: accents, punctuation, underscores and "tgl."-style
 * dots gone, camelCase split. @example normaliseHeader("Tanggal_Mulai (tgl.)") // => "tanggal mulai tgl"
 */
export function normaliseHeader(header: unknown): string {
  return String(header ?? "")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9/]+/g, " ")
    .trim();
}
