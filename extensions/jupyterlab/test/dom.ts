/** A fresh jsdom document for each test. */
import { JSDOM } from "jsdom";

export function newDocument(): Document {
  return new JSDOM("<!doctype html><html><body></body></html>").window.document;
}
