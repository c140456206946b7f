export {
  renderEvaluationHtml, renderReleasedEvaluationHtml, renderWebviewHtml, loadWebviewAssets, serializeJsonForHtml, sha256Source,
  type WebviewAssets, type WebviewHtmlOptions,
} from './renderHtml';
