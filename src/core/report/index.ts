export {
  renderEvaluationHtml, renderWebviewHtml, loadWebviewAssets, serializeJsonForHtml, sha256Source,
  type WebviewAssets, type WebviewHtmlOptions,
} from './renderHtml';
