/**
 * The task pane in Excel: Office.js is ready, the pane gets the Office.js workbook port.
 * The same page hosts the custom functions (shared runtime), loaded as their own chunk.
 */
import { OfficeWorkbook } from "../workbook/excel";
import { mountPane } from "./app";

const root = document.getElementById("app")!;

if (typeof Office === "undefined") {
  root.textContent = "CRM Metrics runs inside Excel. To try it in a browser, run npm start and open the preview page.";
} else {
  Office.onReady((info) => {
    if (info.host !== Office.HostType.Excel) {
      root.textContent = "CRM Metrics is an Excel add-in; open it from Excel.";
      return;
    }
    mountPane(root, new OfficeWorkbook());
  });
}
