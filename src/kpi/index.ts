/**
 * The team's KPI library, pure and Office-free: definitions and their validation, the library's
 * operations, the export/import file, and the layout of the "KPI library" sheet. The task pane
 * calls these and writes the results through the workbook port.
 */
export * from "./definition";
export * from "./library";
export * from "./exchange";
export * from "./sheet";
