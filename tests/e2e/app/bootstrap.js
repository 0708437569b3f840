// Entry point. Module federation needs an asynchronous boundary before any shared module is used,
// so the app itself (index.js) is loaded with a dynamic import.
import('./index.js');
